import type { PostmarkMailerErrorCode } from './postmark-mailer.error';
import type { PostmarkConnectorConfig } from './postmark-mailer.options';
import type { UsageType } from './usage-type';

export interface SendVerificationCodeRequest {
  /** Recipient address (`jane@example.org` or `Jane <jane@example.org>`). */
  to: string;
  /** Picks the template; a usage type without its own template is sent with `Generic`. */
  usageType: UsageType;
  /** The verification code, put in the template model as `code`. */
  code: string;
  /** More template model fields (`locale`, `appName`, `expiresInMinutes`, ...). `code` always wins. */
  model?: Record<string, unknown>;
}

export interface SentVerificationCode {
  /** Postmark's `MessageID`. */
  messageId: string;
  /** Postmark's `SubmittedAt`. */
  submittedAt: string;
  /** Postmark's `To`. */
  to: string;
}

export interface CheckFailure {
  code: PostmarkMailerErrorCode;
  message: string;
}

export interface TemplateCheck {
  usageType: UsageType;
  templateAlias: string;
  ok: boolean;
  /** Postmark's template id and name, when found. */
  templateId?: number;
  name?: string;
  error?: CheckFailure;
}

export interface ConfigurationCheck {
  /** True when the token and every template are fine. */
  ok: boolean;
  /** The token check (`GET /server`): the server's name when it passed. */
  server: { ok: boolean; name?: string; error?: CheckFailure };
  /** One result per configured template. */
  templates: TemplateCheck[];
}

/** What `VerificationMailer` offers; `FakeVerificationMailer` implements the same. */
export interface VerificationMailerContract {
  sendVerificationCode(
    request: SendVerificationCodeRequest,
  ): Promise<SentVerificationCode>;
  testConfiguration(
    candidate: PostmarkConnectorConfig,
    to: string,
  ): Promise<SentVerificationCode>;
  checkConfiguration(
    candidate?: PostmarkConnectorConfig,
  ): Promise<ConfigurationCheck>;
}
