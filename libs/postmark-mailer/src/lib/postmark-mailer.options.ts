import type { UsageType } from './usage-type';

/** One template of the connector config: which Postmark template a usage type is sent with. */
export interface PostmarkTemplateConfig {
  /** A Logto usage type, for example `SignIn`. */
  usageType: UsageType;
  /** The alias of a template on the Postmark server, for example `logto-sign-in`. */
  templateAlias: string;
}

/**
 * The Postmark connector config of the Logto identity platform, as teams already have it.
 * `messageStream` and `apiUrl` are optional additions.
 */
export interface PostmarkConnectorConfig {
  /** Server API token of the Postmark server. Never logged, never part of an error message. */
  serverToken: string;
  /** Sender: `no-reply@acme.com` or `Acme <no-reply@acme.com>`, on a confirmed Sender Signature or domain. */
  fromEmail: string;
  /** One entry per usage type; `Register`, `SignIn`, `ForgotPassword` and `Generic` are required. */
  templates: PostmarkTemplateConfig[];
  /**
   * Postmark message stream to send through.
   * @default 'outbound'
   */
  messageStream?: string;
  /**
   * Base URL of the Postmark API (point it at the sandbox in development).
   * @default 'https://api.postmarkapp.com'
   */
  apiUrl?: string;
}

/** Retries of calls that may succeed later: HTTP 429, 500, 503, timeouts and network errors. */
export interface PostmarkRetryOptions {
  /**
   * Attempts in all, the first included (1 turns retries off).
   * @default 3
   */
  attempts?: number;
  /**
   * Backoff before the second attempt in ms; doubles each time, with jitter.
   * @default 200
   */
  baseDelayMs?: number;
  /**
   * Upper bound of one backoff in ms.
   * @default 2000
   */
  maxDelayMs?: number;
}

/** Which axios adapter carries the calls to Postmark. */
export type PostmarkHttpAdapter = 'undici' | 'http';

/** Options of `PostmarkMailerModule.forRoot()` / `forRootAsync()`. */
export interface PostmarkMailerOptions extends PostmarkConnectorConfig {
  /**
   * Time limit of one attempt in ms (connect, then the answer's headers and body).
   * @default 10000
   */
  timeoutMs?: number;
  /** Retry policy; see {@link PostmarkRetryOptions} for the defaults. */
  retry?: PostmarkRetryOptions;
  /**
   * At start-up, check the token and every template alias against Postmark. A refused token or a
   * missing template fails start-up; an unreachable Postmark only logs a warning.
   * @default false
   */
  verifyTemplatesOnStartup?: boolean;
  /**
   * `undici`: an axios adapter over an undici `Pool` (keep-alive, about a third of the CPU per
   * send); `http`: axios's own Node http adapter with a keep-alive agent.
   * @default 'undici'
   */
  httpAdapter?: PostmarkHttpAdapter;
  /**
   * Most connections kept open to the Postmark API origin.
   * @default 64
   */
  connections?: number;
}

/** A validated config with every default applied. */
export interface ResolvedPostmarkConfig {
  serverToken: string;
  fromEmail: string;
  templates: readonly PostmarkTemplateConfig[];
  messageStream: string;
  apiUrl: string;
  timeoutMs: number;
  retry: Required<PostmarkRetryOptions>;
  verifyTemplatesOnStartup: boolean;
  httpAdapter: PostmarkHttpAdapter;
  connections: number;
}

export const POSTMARK_DEFAULTS = {
  messageStream: 'outbound',
  apiUrl: 'https://api.postmarkapp.com',
  timeoutMs: 10_000,
  retry: { attempts: 3, baseDelayMs: 200, maxDelayMs: 2_000 },
  verifyTemplatesOnStartup: false,
  httpAdapter: 'undici',
  connections: 64,
} as const satisfies Omit<
  ResolvedPostmarkConfig,
  'serverToken' | 'fromEmail' | 'templates'
>;
