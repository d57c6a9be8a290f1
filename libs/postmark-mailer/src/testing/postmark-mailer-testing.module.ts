import { Module, type DynamicModule } from '@nestjs/common';
import { POSTMARK_MAILER_CONFIG } from '../lib/postmark-mailer.constants';
import { VerificationMailer } from '../lib/verification-mailer.service';
import {
  FAKE_POSTMARK_CONFIG,
  FakeVerificationMailer,
} from './fake-verification-mailer';

export interface PostmarkMailerTestingModuleOptions {
  /**
   * Register globally, as `PostmarkMailerModule.forRoot({ isGlobal: true })` would.
   * @default false
   */
  isGlobal?: boolean;
}

/**
 * Stands in for `PostmarkMailerModule` in tests: `VerificationMailer` resolves to a
 * {@link FakeVerificationMailer}, which is also injectable under its own class to read what was sent.
 */
@Module({})
export class PostmarkMailerTestingModule {
  static forRoot(
    options: PostmarkMailerTestingModuleOptions = {},
  ): DynamicModule {
    return {
      module: PostmarkMailerTestingModule,
      global: options.isGlobal ?? false,
      providers: [
        FakeVerificationMailer,
        { provide: VerificationMailer, useExisting: FakeVerificationMailer },
        { provide: POSTMARK_MAILER_CONFIG, useValue: FAKE_POSTMARK_CONFIG },
      ],
      exports: [
        FakeVerificationMailer,
        VerificationMailer,
        POSTMARK_MAILER_CONFIG,
      ],
    };
  }
}
