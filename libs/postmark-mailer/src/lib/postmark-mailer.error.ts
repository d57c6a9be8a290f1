/**
 * Stable codes of {@link PostmarkMailerError}. They are part of the public contract:
 * match on `error.code`, never on the message.
 */
export const PostmarkMailerErrorCode = {
  /** The configuration (module options, env, a candidate config) is invalid. */
  INVALID_CONFIG: 'INVALID_CONFIG',
  /** A call argument is invalid (for example a malformed recipient address). */
  INVALID_ARGUMENT: 'INVALID_ARGUMENT',
  /** Postmark refused the server token (HTTP 401, ErrorCode 10). */
  UNAUTHORIZED: 'UNAUTHORIZED',
  /** The From address is not a confirmed Sender Signature or domain (ErrorCode 400, 401). */
  SENDER_NOT_CONFIRMED: 'SENDER_NOT_CONFIRMED',
  /** The template alias does not exist on the server or is inactive (ErrorCode 1101). */
  TEMPLATE_NOT_FOUND: 'TEMPLATE_NOT_FOUND',
  /** Postmark rejected the recipient address (ErrorCode 300). */
  INVALID_RECIPIENT: 'INVALID_RECIPIENT',
  /** The recipient is suppressed: hard bounce, spam complaint or manual (ErrorCode 406). */
  INACTIVE_RECIPIENT: 'INACTIVE_RECIPIENT',
  /** Postmark answered 429 on every attempt. */
  RATE_LIMITED: 'RATE_LIMITED',
  /** Postmark answered 500 or 503 on every attempt. */
  PROVIDER_UNAVAILABLE: 'PROVIDER_UNAVAILABLE',
  /** No answer within `timeoutMs` on every attempt. */
  TIMEOUT: 'TIMEOUT',
  /** The connection failed (refused, reset, DNS) on every attempt. */
  NETWORK: 'NETWORK',
  /** Any other Postmark answer. */
  PROVIDER_ERROR: 'PROVIDER_ERROR',
} as const;

export type PostmarkMailerErrorCode =
  (typeof PostmarkMailerErrorCode)[keyof typeof PostmarkMailerErrorCode];

export interface PostmarkMailerErrorDetails {
  /** Whether the same call may succeed later (rate limit, outage, timeout, network). */
  retryable?: boolean;
  /** Postmark's `ErrorCode` from the answer body, when there was one. */
  postmarkErrorCode?: number;
  /** HTTP status of Postmark's answer, when there was one. */
  httpStatus?: number;
  /** Attempts made before giving up (1 when not retried). */
  attempts?: number;
  /** Where a config error is: one line per violation, `path: message`. */
  violations?: readonly string[];
  /** The underlying error. Never carries the server token or request headers. */
  cause?: unknown;
}

/**
 * The one error class the library throws. It never extends `HttpException`:
 * mapping to HTTP is the application's job (see the auth-api exception filter).
 */
export class PostmarkMailerError extends Error {
  override readonly name = 'PostmarkMailerError';
  readonly retryable: boolean;
  readonly postmarkErrorCode?: number;
  readonly httpStatus?: number;
  readonly attempts?: number;
  readonly violations: readonly string[];

  constructor(
    readonly code: PostmarkMailerErrorCode,
    message: string,
    details: PostmarkMailerErrorDetails = {},
  ) {
    super(
      message,
      details.cause === undefined ? undefined : { cause: details.cause },
    );
    this.retryable = details.retryable ?? false;
    this.postmarkErrorCode = details.postmarkErrorCode;
    this.httpStatus = details.httpStatus;
    this.attempts = details.attempts;
    this.violations = details.violations ?? [];
  }

  /** A JSON form without the cause: safe to log or return to an administrator. */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      retryable: this.retryable,
      postmarkErrorCode: this.postmarkErrorCode,
      httpStatus: this.httpStatus,
      attempts: this.attempts,
      violations: this.violations.length ? this.violations : undefined,
    };
  }
}

export function isPostmarkMailerError(
  value: unknown,
): value is PostmarkMailerError {
  return value instanceof PostmarkMailerError;
}
