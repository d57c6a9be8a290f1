import { isEmail } from 'class-validator';

/** `Name <address>` or a bare address, as Postmark accepts in `From` and `To`. */
const MAILBOX = /^\s*(?:"?([^"<>]*?)"?\s*<([^<>\s]+)>|([^<>\s,]+))\s*$/;

/** The address part of a mailbox (`Acme <no-reply@acme.com>` -> `no-reply@acme.com`), or undefined. */
export function mailboxAddress(value: string): string | undefined {
  const match = MAILBOX.exec(value);
  if (!match) return undefined;
  const address = match[2] ?? match[3];
  try {
    return isEmail(address) ? address : undefined;
  } catch {
    // validator.js throws (URIError) on ill-formed text instead of answering false.
    return undefined;
  }
}

/**
 * An address masked for logs: the first character of the local part and the domain
 * (`jane.doe@example.org` -> `j***@example.org`). Non-addresses become `***`.
 */
export function maskEmail(value: string): string {
  const at = value.lastIndexOf('@');
  if (at < 1) return '***';
  return `${value[0]}***${value.slice(at)}`;
}
