import {
  PostmarkMailerError,
  PostmarkMailerErrorCode,
} from '@app/postmark-mailer';
import { ApiError } from './api-error';

/** Seconds a client should wait after `email_provider_unavailable`. */
export const PROVIDER_RETRY_AFTER_SECONDS = 30;

/**
 * Maps a mailer error to the API's error shape. Public endpoints (`expose` false) never show
 * Postmark's message (it may name aliases or the sender); admin endpoints do.
 */
export function mailerErrorToApiError(
  error: PostmarkMailerError,
  expose: boolean,
): ApiError {
  const detail = (fallback: string): string =>
    expose ? error.message : fallback;
  const extra = expose
    ? { code: error.code, postmarkErrorCode: error.postmarkErrorCode }
    : {};
  switch (error.code) {
    case PostmarkMailerErrorCode.INACTIVE_RECIPIENT:
      return new ApiError(
        422,
        'recipient_inactive',
        detail(
          'This address cannot receive email (it bounced, complained or was suppressed)',
        ),
        extra,
      );
    case PostmarkMailerErrorCode.INVALID_RECIPIENT:
      return new ApiError(
        400,
        'validation_failed',
        [
          expose
            ? `to: ${error.message}`
            : 'email: the address was refused by the email provider',
        ],
        extra,
      );
    case PostmarkMailerErrorCode.INVALID_ARGUMENT:
      return new ApiError(400, 'validation_failed', [error.message], extra);
    case PostmarkMailerErrorCode.INVALID_CONFIG:
      if (expose)
        return new ApiError(
          400,
          'validation_failed',
          error.violations.length ? [...error.violations] : [error.message],
          extra,
        );
      return new ApiError(
        502,
        'email_provider_misconfigured',
        'The email provider is misconfigured; try again later',
      );
    case PostmarkMailerErrorCode.RATE_LIMITED:
    case PostmarkMailerErrorCode.PROVIDER_UNAVAILABLE:
    case PostmarkMailerErrorCode.TIMEOUT:
    case PostmarkMailerErrorCode.NETWORK:
      return new ApiError(
        503,
        'email_provider_unavailable',
        detail('The email provider is unavailable; try again later'),
        extra,
        PROVIDER_RETRY_AFTER_SECONDS,
      );
    case PostmarkMailerErrorCode.UNAUTHORIZED:
    case PostmarkMailerErrorCode.SENDER_NOT_CONFIRMED:
    case PostmarkMailerErrorCode.TEMPLATE_NOT_FOUND:
    case PostmarkMailerErrorCode.PROVIDER_ERROR:
    default:
      return new ApiError(
        502,
        'email_provider_misconfigured',
        detail('The email provider is misconfigured; try again later'),
        extra,
      );
  }
}
