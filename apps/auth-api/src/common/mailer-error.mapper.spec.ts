import {
  PostmarkMailerError,
  PostmarkMailerErrorCode,
} from '@app/postmark-mailer';
import { mailerErrorToApiError } from './mailer-error.mapper';

const SECRET_DETAIL =
  'Template "acme-secret-alias" not found; From acme@hidden.test';

describe('mailerErrorToApiError', () => {
  it.each([
    ['INACTIVE_RECIPIENT', 422, 'recipient_inactive', undefined],
    ['INVALID_RECIPIENT', 400, 'validation_failed', undefined],
    ['INVALID_ARGUMENT', 400, 'validation_failed', undefined],
    ['UNAUTHORIZED', 502, 'email_provider_misconfigured', undefined],
    ['SENDER_NOT_CONFIRMED', 502, 'email_provider_misconfigured', undefined],
    ['TEMPLATE_NOT_FOUND', 502, 'email_provider_misconfigured', undefined],
    ['PROVIDER_ERROR', 502, 'email_provider_misconfigured', undefined],
    ['INVALID_CONFIG', 502, 'email_provider_misconfigured', undefined],
    ['RATE_LIMITED', 503, 'email_provider_unavailable', 30],
    ['PROVIDER_UNAVAILABLE', 503, 'email_provider_unavailable', 30],
    ['TIMEOUT', 503, 'email_provider_unavailable', 30],
    ['NETWORK', 503, 'email_provider_unavailable', 30],
  ] as const)(
    '%s -> %i %s (public: no provider detail)',
    (code, status, error, retryAfter) => {
      const mapped = mailerErrorToApiError(
        new PostmarkMailerError(PostmarkMailerErrorCode[code], SECRET_DETAIL),
        false,
      );
      expect(mapped.statusCode).toBe(status);
      expect(mapped.body.error).toBe(error);
      expect(mapped.retryAfterSeconds).toBe(retryAfter);
      if (code !== 'INVALID_ARGUMENT')
        expect(JSON.stringify(mapped.body)).not.toMatch(
          /acme-secret-alias|hidden\.test/,
        );
    },
  );

  it('admin (expose): shows Postmark reason and the code', () => {
    const mapped = mailerErrorToApiError(
      new PostmarkMailerError('TEMPLATE_NOT_FOUND', SECRET_DETAIL),
      true,
    );
    expect(mapped.body).toMatchObject({
      statusCode: 502,
      error: 'email_provider_misconfigured',
      code: 'TEMPLATE_NOT_FOUND',
    });
    expect(mapped.body.message).toContain('acme-secret-alias');
  });

  it('admin (expose): an invalid candidate config is 400 validation_failed with the violations', () => {
    const error = new PostmarkMailerError('INVALID_CONFIG', 'Invalid', {
      violations: ['fromEmail: bad', 'templates: missing Generic'],
    });
    expect(mailerErrorToApiError(error, true).body).toMatchObject({
      statusCode: 400,
      error: 'validation_failed',
      message: ['fromEmail: bad', 'templates: missing Generic'],
    });
  });
});
