// Secondary entry point `@app/postmark-mailer/testing`: fakes for consumers' tests.
export {
  FakeVerificationMailer,
  FAKE_POSTMARK_CONFIG,
  type RecordedVerificationCode,
} from './testing/fake-verification-mailer';
export {
  PostmarkMailerTestingModule,
  type PostmarkMailerTestingModuleOptions,
} from './testing/postmark-mailer-testing.module';
