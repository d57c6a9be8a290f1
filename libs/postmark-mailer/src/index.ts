export { PostmarkMailerModule } from './lib/postmark-mailer.module';
export {
  POSTMARK_MAILER_OPTIONS,
  POSTMARK_MAILER_OPTIONS_TYPE,
  POSTMARK_MAILER_ASYNC_OPTIONS_TYPE,
  type PostmarkMailerModuleExtras,
} from './lib/postmark-mailer.module-definition';
export {
  POSTMARK_MAILER_CONFIG,
  InjectPostmarkConfig,
} from './lib/postmark-mailer.constants';
export {
  POSTMARK_DEFAULTS,
  type PostmarkConnectorConfig,
  type PostmarkHttpAdapter,
  type PostmarkMailerOptions,
  type PostmarkRetryOptions,
  type PostmarkTemplateConfig,
  type ResolvedPostmarkConfig,
} from './lib/postmark-mailer.options';
export {
  PostmarkConfigDto,
  PostmarkTemplateDto,
  PostmarkRetryDto,
  IsMailbox,
} from './lib/postmark-config.dto';
export { validatePostmarkConfig } from './lib/postmark-config.validator';
export { parseJsonc } from './lib/jsonc';
export {
  postmarkConfig,
  loadPostmarkConfig,
  POSTMARK_ENV,
} from './lib/postmark.config';
export {
  PostmarkMailerError,
  PostmarkMailerErrorCode,
  isPostmarkMailerError,
  type PostmarkMailerErrorDetails,
} from './lib/postmark-mailer.error';
export {
  VerificationMailer,
  SAMPLE_VERIFICATION_CODE,
} from './lib/verification-mailer.service';
export type {
  CheckFailure,
  ConfigurationCheck,
  SendVerificationCodeRequest,
  SentVerificationCode,
  TemplateCheck,
  VerificationMailerContract,
} from './lib/verification-mailer.types';
export {
  REQUIRED_USAGE_TYPES,
  OPTIONAL_USAGE_TYPES,
  USAGE_TYPES,
  isUsageType,
  LOGTO_EXAMPLE_TEMPLATES,
  type RequiredUsageType,
  type UsageType,
} from './lib/usage-type';
export { maskEmail, mailboxAddress } from './lib/email-address';
export {
  UndiciAxiosAdapter,
  type UndiciAxiosAdapterOptions,
} from './lib/undici-axios.adapter';
