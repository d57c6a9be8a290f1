/**
 * Parses the address fields of a Postmark send (`From`, `To`, `Cc`, `Bcc`):
 * `user@domain`, `Name <user@domain>` or `"Last, First" <user@domain>`, comma separated.
 */

/** One parsed address. */
export interface ParsedAddress {
  /** The text as written (trimmed), e.g. `Ann <ann@example.com>`. */
  readonly raw: string;
  /** The bare address, e.g. `ann@example.com`. */
  readonly address: string;
  /** The part after `@`, lower-cased. */
  readonly domain: string;
}

/** Why an address did not parse, worded like Postmark's `Error parsing 'To': ...` messages. */
export interface AddressProblem {
  readonly problem: string;
}

const LOCAL_PART = /^[^\s@<>(),;:"[\]\\]+$/;
const DOMAIN =
  /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$/;

/** Splits on commas outside double quotes and angle brackets. */
export function splitAddressList(value: string): string[] {
  if (!value.includes('"') && !value.includes('<')) {
    return value.split(',');
  }
  const parts: string[] = [];
  let quoted = false;
  let angle = false;
  let start = 0;
  for (let i = 0; i < value.length; i++) {
    const char = value[i];
    if (char === '"' && value[i - 1] !== '\\') {
      quoted = !quoted;
    } else if (!quoted && char === '<') {
      angle = true;
    } else if (!quoted && char === '>') {
      angle = false;
    } else if (char === ',' && !quoted && !angle) {
      parts.push(value.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(value.slice(start));
  return parts;
}

/** Parses one address, `Name <address>` allowed. */
export function parseAddress(text: string): ParsedAddress | AddressProblem {
  const raw = text.trim();
  let address = raw;
  const open = raw.lastIndexOf('<');
  if (open !== -1 || raw.endsWith('>')) {
    if (
      open === -1 ||
      !raw.endsWith('>') ||
      raw.indexOf('>') !== raw.length - 1
    ) {
      return { problem: `Illegal email address '${raw}'.` };
    }
    address = raw.slice(open + 1, -1).trim();
  }
  const at = address.lastIndexOf('@');
  if (at === -1) {
    return {
      problem: `Illegal email address '${address}'. It must contain the '@' symbol.`,
    };
  }
  const local = address.slice(0, at);
  const domain = address.slice(at + 1);
  if (!DOMAIN.test(domain)) {
    return {
      problem: `Illegal email domain '${domain}' in address '${address}'.`,
    };
  }
  if (!LOCAL_PART.test(local)) {
    return { problem: `Illegal email address '${address}'.` };
  }
  return { raw, address, domain: domain.toLowerCase() };
}

export function isAddressProblem<T>(
  value: T | AddressProblem,
): value is AddressProblem {
  return typeof (value as AddressProblem).problem === 'string';
}

/** Parses a comma-separated list; empty entries are skipped. The first problem stops parsing. */
export function parseAddressList(
  value: string,
): ParsedAddress[] | AddressProblem {
  const result: ParsedAddress[] = [];
  for (const part of splitAddressList(value)) {
    if (part.trim() === '') {
      continue;
    }
    const parsed = parseAddress(part);
    if (isAddressProblem(parsed)) {
      return parsed;
    }
    result.push(parsed);
  }
  return result;
}
