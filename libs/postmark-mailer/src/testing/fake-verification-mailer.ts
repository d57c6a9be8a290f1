import { Injectable } from '@nestjs/common';
import { mailboxAddress } from '../lib/email-address';
import { validatePostmarkConfig } from '../lib/postmark-config.validator';
import {
  PostmarkMailerError,
  PostmarkMailerErrorCode,
} from '../lib/postmark-mailer.error';
import type {
  PostmarkConnectorConfig,
  ResolvedPostmarkConfig,
} from '../lib/postmark-mailer.options';
import { isUsageType, LOGTO_EXAMPLE_TEMPLATES } from '../lib/usage-type';
import { SAMPLE_VERIFICATION_CODE } from '../lib/verification-mailer.service';
import type {
  ConfigurationCheck,
  SendVerificationCodeRequest,
  SentVerificationCode,
  VerificationMailerContract,
} from '../lib/verification-mailer.types';

/** A send the fake recorded. */
export interface RecordedVerificationCode
  extends SendVerificationCodeRequest, SentVerificationCode {
  /** `send` from `sendVerificationCode`, `test` from `testConfiguration`. */
  kind: 'send' | 'test';
}

/** A config the fake treats as active: valid, on the sandbox's default names. */
export const FAKE_POSTMARK_CONFIG: ResolvedPostmarkConfig =
  validatePostmarkConfig({
    serverToken: 'fake-server-token',
    fromEmail: 'Fake <no-reply@example.com>',
    templates: LOGTO_EXAMPLE_TEMPLATES.map((template) => ({ ...template })),
  });

/**
 * Records what `VerificationMailer` would have sent, without a network. Argument checks and
 * config validation are the real ones; failures are injected with `failNextWith`/`failWith`.
 */
@Injectable()
export class FakeVerificationMailer implements VerificationMailerContract {
  /** Every successful send, oldest first. */
  readonly sent: RecordedVerificationCode[] = [];
  private readonly queuedFailures: PostmarkMailerErrorCode[] = [];
  private permanentFailure?: PostmarkMailerErrorCode;
  private nextId = 1;

  /** The next send fails with this code (queue several by calling it again). */
  failNextWith(code: PostmarkMailerErrorCode): this {
    this.queuedFailures.push(code);
    return this;
  }

  /** Every send fails with this code until `reset()`. */
  failWith(code: PostmarkMailerErrorCode): this {
    this.permanentFailure = code;
    return this;
  }

  /** Forgets the recorded sends and the injected failures. */
  reset(): void {
    this.sent.length = 0;
    this.queuedFailures.length = 0;
    this.permanentFailure = undefined;
  }

  /** The newest code sent to `to` (and `usageType`, when given). */
  lastCodeFor(to: string, usageType?: string): string | undefined {
    for (let i = this.sent.length - 1; i >= 0; i--) {
      const entry = this.sent[i];
      if (
        entry.to.toLowerCase() === to.toLowerCase() &&
        (!usageType || entry.usageType === usageType)
      ) {
        return entry.code;
      }
    }
    return undefined;
  }

  async sendVerificationCode(
    request: SendVerificationCodeRequest,
  ): Promise<SentVerificationCode> {
    return this.record(request, 'send');
  }

  async testConfiguration(
    candidate: PostmarkConnectorConfig,
    to: string,
  ): Promise<SentVerificationCode> {
    validatePostmarkConfig(candidate, 'candidate Postmark config');
    return this.record(
      { to, usageType: 'Generic', code: SAMPLE_VERIFICATION_CODE },
      'test',
    );
  }

  async checkConfiguration(
    candidate?: PostmarkConnectorConfig,
  ): Promise<ConfigurationCheck> {
    const config = candidate
      ? validatePostmarkConfig(candidate, 'candidate Postmark config')
      : FAKE_POSTMARK_CONFIG;
    return {
      ok: true,
      server: { ok: true, name: 'Fake server' },
      templates: config.templates.map(({ usageType, templateAlias }) => ({
        usageType,
        templateAlias,
        ok: true,
      })),
    };
  }

  private record(
    request: SendVerificationCodeRequest,
    kind: 'send' | 'test',
  ): SentVerificationCode {
    if (typeof request.to !== 'string' || !mailboxAddress(request.to)) {
      // What Postmark answers (ErrorCode 300) for an address it cannot send to.
      throw new PostmarkMailerError(
        PostmarkMailerErrorCode.INVALID_RECIPIENT,
        'Postmark rejected the recipient address',
        {
          postmarkErrorCode: 300,
          httpStatus: 422,
          attempts: 1,
        },
      );
    }
    if (typeof request.code !== 'string' || request.code === '') {
      throw new PostmarkMailerError(
        PostmarkMailerErrorCode.INVALID_ARGUMENT,
        'code: must be a non-empty string',
      );
    }
    if (!isUsageType(request.usageType)) {
      throw new PostmarkMailerError(
        PostmarkMailerErrorCode.INVALID_ARGUMENT,
        'usageType: must be a known usage type',
      );
    }
    const failure = this.queuedFailures.shift() ?? this.permanentFailure;
    if (failure) {
      const retryable = (
        [
          'RATE_LIMITED',
          'PROVIDER_UNAVAILABLE',
          'TIMEOUT',
          'NETWORK',
        ] as string[]
      ).includes(failure);
      throw new PostmarkMailerError(
        failure,
        `FakeVerificationMailer: injected ${failure}`,
        { retryable, attempts: 1 },
      );
    }
    const result: SentVerificationCode = {
      messageId: `fake-${String(this.nextId++).padStart(8, '0')}`,
      submittedAt: new Date().toISOString(),
      to: request.to,
    };
    this.sent.push({ ...request, ...result, kind });
    return result;
  }
}
