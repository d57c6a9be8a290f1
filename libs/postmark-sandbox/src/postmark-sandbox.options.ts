import {
  DEFAULT_SANDBOX_TEMPLATES,
  type SandboxTemplateDefinition,
} from './sandbox-templates';

/** The server token the sandbox accepts when `serverTokens` is not given. */
export const DEFAULT_SANDBOX_TOKEN = 'sandbox-server-token';
/** The sender domain the sandbox treats as verified when `senderDomains` is not given. */
export const DEFAULT_SANDBOX_SENDER_DOMAIN = 'example.com';
/** The host the sandbox binds to by default (loopback only). */
export const DEFAULT_SANDBOX_HOST = '127.0.0.1';
/** The port of the standalone sandbox (`npx nx serve postmark-sandbox`). */
export const DEFAULT_STANDALONE_PORT = 3025;
/** How many messages the mailbox keeps by default (the newest ones). */
export const DEFAULT_MAILBOX_LIMIT = 10_000;
/** Postmark's size limit for one email API request: 10 MB. */
export const DEFAULT_MAX_BODY_BYTES = 10 * 1024 * 1024;
/** The message stream every Postmark server has. */
export const DEFAULT_MESSAGE_STREAM = 'outbound';

export interface PostmarkSandboxOptions {
  /** Port to listen on. Default `0`: a free port chosen by the OS (read it from `sandbox.port`). */
  port?: number;
  /** Host to bind. Default `'127.0.0.1'`. */
  host?: string;
  /**
   * Server tokens accepted in `X-Postmark-Server-Token` (compared case-insensitively, as Postmark does).
   * Default `['sandbox-server-token']`.
   */
  serverTokens?: string[];
  /**
   * Verified sender domains: the `From` address (plain or `Name <address>`) must be on one of them,
   * compared case-insensitively, else 422/400. Subdomains are not included. Default `['example.com']`.
   */
  senderDomains?: string[];
  /** Templates served by id and alias. Default: `logto-register`, `logto-sign-in`, `logto-forgot-password`, `logto-generic`. */
  templates?: SandboxTemplateDefinition[];
  /** Addresses treated as inactive (hard bounce, spam complaint, suppression): sends to them answer 422/406. Default none. */
  inactiveRecipients?: string[];
  /** Message streams that exist; a send naming another stream answers 422/1235. Default `['outbound']`. */
  messageStreams?: string[];
  /** How many messages the mailbox keeps; older ones are dropped first. Default `10000`. */
  mailboxLimit?: number;
  /** Largest accepted request body in bytes; larger requests answer 413. Default 10 MB (Postmark's limit). */
  maxBodyBytes?: number;
}

/** Options with every default applied and lists normalised for fast lookups. */
export interface ResolvedSandboxOptions {
  readonly port: number;
  readonly host: string;
  /** Lower-cased tokens. */
  readonly serverTokens: ReadonlySet<string>;
  /** Lower-cased domains. */
  readonly senderDomains: ReadonlySet<string>;
  readonly templates: readonly Readonly<SandboxTemplateDefinition>[];
  /** Lower-cased addresses. */
  readonly inactiveRecipients: ReadonlySet<string>;
  readonly messageStreams: ReadonlySet<string>;
  readonly mailboxLimit: number;
  readonly maxBodyBytes: number;
}

function stringList(
  name: string,
  value: unknown,
  fallback: readonly string[],
  lowerCase: boolean,
): Set<string> {
  if (value === undefined) {
    return new Set(
      fallback.map((item) => (lowerCase ? item.toLowerCase() : item)),
    );
  }
  if (
    !Array.isArray(value) ||
    value.some((item) => typeof item !== 'string' || item.trim() === '')
  ) {
    throw new Error(
      `postmark-sandbox: option '${name}' must be an array of non-empty strings`,
    );
  }
  return new Set(
    value.map((item: string) =>
      lowerCase ? item.trim().toLowerCase() : item.trim(),
    ),
  );
}

function positiveInteger(
  name: string,
  value: unknown,
  fallback: number,
): number {
  if (value === undefined) {
    return fallback;
  }
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
    throw new Error(
      `postmark-sandbox: option '${name}' must be a positive integer`,
    );
  }
  return value;
}

/** Applies defaults and checks option types; throws an `Error` naming the bad option. */
export function resolveSandboxOptions(
  options: PostmarkSandboxOptions = {},
): ResolvedSandboxOptions {
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(
      `postmark-sandbox: option 'port' must be an integer from 0 to 65535`,
    );
  }
  const host = options.host ?? DEFAULT_SANDBOX_HOST;
  if (typeof host !== 'string' || host.trim() === '') {
    throw new Error(
      `postmark-sandbox: option 'host' must be a non-empty string`,
    );
  }
  const serverTokens = stringList(
    'serverTokens',
    options.serverTokens,
    [DEFAULT_SANDBOX_TOKEN],
    true,
  );
  if (serverTokens.size === 0) {
    throw new Error(
      `postmark-sandbox: option 'serverTokens' needs at least one token`,
    );
  }
  const templates = options.templates ?? DEFAULT_SANDBOX_TEMPLATES;
  if (!Array.isArray(templates)) {
    throw new Error(`postmark-sandbox: option 'templates' must be an array`);
  }
  return {
    port,
    host,
    serverTokens,
    senderDomains: stringList(
      'senderDomains',
      options.senderDomains,
      [DEFAULT_SANDBOX_SENDER_DOMAIN],
      true,
    ),
    templates,
    inactiveRecipients: stringList(
      'inactiveRecipients',
      options.inactiveRecipients,
      [],
      true,
    ),
    messageStreams: stringList(
      'messageStreams',
      options.messageStreams,
      [DEFAULT_MESSAGE_STREAM],
      false,
    ),
    mailboxLimit: positiveInteger(
      'mailboxLimit',
      options.mailboxLimit,
      DEFAULT_MAILBOX_LIMIT,
    ),
    maxBodyBytes: positiveInteger(
      'maxBodyBytes',
      options.maxBodyBytes,
      DEFAULT_MAX_BODY_BYTES,
    ),
  };
}
