import { HttpException } from '@nestjs/common';

/** The stable `error` strings of the API (design.md, apps/auth-api). */
export type ApiErrorCode =
  | 'validation_failed'
  | 'invalid_code'
  | 'code_expired'
  | 'too_many_attempts'
  | 'resend_too_soon'
  | 'rate_limited'
  | 'recipient_inactive'
  | 'unauthorized'
  | 'not_found'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'email_provider_misconfigured'
  | 'email_provider_unavailable'
  | 'service_unavailable'
  | 'internal_error';

export interface ApiErrorBody {
  statusCode: number;
  error: ApiErrorCode;
  message: string | string[];
  [extra: string]: unknown;
}

/** An app error with its HTTP status, stable `error` string and safe message. */
export class ApiError extends HttpException {
  constructor(
    readonly statusCode: number,
    readonly error: ApiErrorCode,
    message: string | string[],
    readonly extra: Record<string, unknown> = {},
    /** Sent as `Retry-After` (seconds) when set. */
    readonly retryAfterSeconds?: number,
  ) {
    super({ statusCode, error, message, ...extra }, statusCode);
  }

  get body(): ApiErrorBody {
    return this.getResponse() as ApiErrorBody;
  }

  static validation(messages: string[]): ApiError {
    return new ApiError(400, 'validation_failed', messages);
  }
}
