import { DEFAULT_SANDBOX_TOKEN } from './postmark-sandbox.options';
import type { PostmarkSandbox } from './postmark-sandbox.server';

/** A JSON answer as the specs read it. */
export interface JsonAnswer {
  status: number;
  headers: Headers;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

export interface RequestOptions {
  /** Sent as JSON unless `rawBody` is given. */
  body?: unknown;
  rawBody?: string;
  /** Default: the sandbox token; `null` sends no token header. */
  token?: string | null;
  /** Default `application/json`; `null` sends no Accept header. */
  accept?: string | null;
  /** Default `application/json` when there is a body; `null` sends none. */
  contentType?: string | null;
}

/** One HTTP call to the sandbox with Postmark's headers unless told otherwise. */
export async function call(
  sandbox: PostmarkSandbox,
  method: string,
  path: string,
  options: RequestOptions = {},
): Promise<JsonAnswer> {
  const headers: Record<string, string> = {};
  const token =
    options.token === undefined ? DEFAULT_SANDBOX_TOKEN : options.token;
  if (token !== null) headers['X-Postmark-Server-Token'] = token;
  const accept =
    options.accept === undefined ? 'application/json' : options.accept;
  if (accept !== null) headers['Accept'] = accept;
  const body =
    options.rawBody ??
    (options.body === undefined ? undefined : JSON.stringify(options.body));
  const contentType =
    options.contentType === undefined
      ? 'application/json'
      : options.contentType;
  if (body !== undefined && contentType !== null)
    headers['Content-Type'] = contentType;
  const response = await fetch(`${sandbox.url}${path}`, {
    method,
    headers,
    body,
  });
  const text = await response.text();
  let parsed: unknown = undefined;
  if (text !== '') {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = text;
    }
  }
  return { status: response.status, headers: response.headers, body: parsed };
}

/** A valid template send; override fields as needed (`undefined` removes a field). */
export function templateSend(
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  const send: Record<string, unknown> = {
    From: 'no-reply@example.com',
    To: 'user@example.org',
    TemplateAlias: 'logto-sign-in',
    TemplateModel: { code: '123456' },
    ...overrides,
  };
  for (const key of Object.keys(send)) {
    if (send[key] === undefined) delete send[key];
  }
  return send;
}

/** A valid plain send; override fields as needed (`undefined` removes a field). */
export function plainSend(
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  const send: Record<string, unknown> = {
    From: 'no-reply@example.com',
    To: 'user@example.org',
    Subject: 'Hello',
    TextBody: 'Hello there',
    ...overrides,
  };
  for (const key of Object.keys(send)) {
    if (send[key] === undefined) delete send[key];
  }
  return send;
}
