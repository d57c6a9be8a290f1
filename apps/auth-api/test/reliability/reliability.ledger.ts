// What the whole reliability run tried and saw: one instance per Jest worker, shared by the suites
// that reliability.spec.ts runs in one file, summed up in its afterAll.
import { randomBytes } from 'node:crypto';

/** Statuses the API documents (README error table); anything else is unexpected. */
const DOCUMENTED = new Set([
  200, 201, 202, 400, 401, 404, 413, 415, 422, 429, 502, 503,
]);

export interface Answer {
  status: number;
  text: string;
  headers: Headers;
  ms: number;
  json: Record<string, unknown>;
}

/** Secrets of this run: none of them may appear in a log or a response. */
export const SECRETS = {
  serverToken: `pm-server-token-${randomBytes(12).toString('hex')}`,
  adminKey: `admin-key-${randomBytes(12).toString('hex')}`,
};

export const ledger = {
  requests: 0,
  defined: 0,
  faults: 0,
  duplicates: 0,
  lost: 0,
  leaked: 0,
  unexpected5xx: 0,
  /** Every code that was ever put in an email (from the sandbox mailboxes). */
  codes: new Set<string>(),
  /** Every log line and output chunk of the run (app, libraries, child processes). */
  logs: [] as string[],
  /** Every response body of the run, and of the public endpoints only. */
  responses: [] as string[],
  publicResponses: [] as string[],
  notes: [] as string[],
};

/** One request to the app, counted: a 5xx other than 502/503, a non-JSON error or a stack trace is unexpected. */
export async function call(
  base: string,
  method: string,
  path: string,
  body?: unknown,
  init: {
    headers?: Record<string, string>;
    raw?: string;
    timeoutMs?: number;
  } = {},
): Promise<Answer> {
  const started = performance.now();
  ledger.requests += 1;
  let res: Response;
  try {
    res = await fetch(`${base}${path}`, {
      method,
      headers: {
        ...(body !== undefined || init.raw !== undefined
          ? { 'content-type': 'application/json' }
          : {}),
        ...init.headers,
      },
      body: init.raw ?? (body === undefined ? undefined : JSON.stringify(body)),
      signal: AbortSignal.timeout(init.timeoutMs ?? 10_000),
    });
  } catch (error) {
    ledger.unexpected5xx += 1;
    ledger.notes.push(`${method} ${path}: no answer (${String(error)})`);
    throw error;
  }
  const text = await res.text();
  const ms = performance.now() - started;
  let json: Record<string, unknown> = {};
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    /* not JSON */
  }
  ledger.responses.push(text);
  if (!path.startsWith('/v1/admin')) ledger.publicResponses.push(text);
  const stack = /\bat [\w.<>]+ \(|\.ts:\d+:\d+|node_modules/.test(text);
  if (
    !DOCUMENTED.has(res.status) ||
    res.status === 500 ||
    stack ||
    (res.status >= 400 && typeof json['error'] !== 'string')
  ) {
    ledger.unexpected5xx += 1;
    ledger.notes.push(
      `${method} ${path}: unexpected ${res.status} ${text.slice(0, 200)}`,
    );
  } else {
    ledger.defined += 1;
  }
  return { status: res.status, text, headers: res.headers, ms, json };
}

/** Where a secret shows up in `texts` (a code only as a whole 6-digit number). */
export function findSecrets(
  texts: readonly string[],
  secrets: readonly string[],
  codes: Iterable<string>,
): string[] {
  const found: string[] = [];
  const joined = texts.join('\n');
  for (const secret of secrets) {
    const at = joined.indexOf(secret);
    if (at >= 0)
      found.push(`secret at: ${joined.slice(Math.max(0, at - 80), at)}…`);
  }
  const numbers = new Set(
    joined.match(/(?<![0-9A-Za-z])\d{6}(?![0-9A-Za-z])/g),
  );
  for (const code of codes) {
    if (numbers.has(code)) {
      const at = joined.search(
        new RegExp(`(?<![0-9A-Za-z])${code}(?![0-9A-Za-z])`),
      );
      found.push(
        `code ${code.slice(0, 2)}…: ${joined.slice(Math.max(0, at - 120), at)}`,
      );
    }
  }
  return found;
}
