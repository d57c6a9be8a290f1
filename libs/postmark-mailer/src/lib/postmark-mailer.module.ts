import { HttpModule } from '@nestjs/axios';
import { Module } from '@nestjs/common';
import { validatePostmarkConfig } from './postmark-config.validator';
import { POSTMARK_MAILER_CONFIG } from './postmark-mailer.constants';
import {
  POSTMARK_MAILER_OPTIONS,
  PostmarkMailerConfigurableModule,
} from './postmark-mailer.module-definition';
import type { PostmarkMailerOptions } from './postmark-mailer.options';
import { PostmarkClient } from './postmark.client';
import { VerificationMailer } from './verification-mailer.service';

/**
 * Sends email verification codes through Postmark templates.
 *
 * ```ts
 * PostmarkMailerModule.forRootAsync({
 *   imports: [ConfigModule.forFeature(postmarkConfig)],
 *   inject: [postmarkConfig.KEY],
 *   useFactory: (config: ConfigType<typeof postmarkConfig>) => config,
 * })
 * ```
 *
 * The options are validated when the module starts: an invalid config fails start-up with a
 * `PostmarkMailerError` (`INVALID_CONFIG`) that lists every violation by path.
 */
@Module({
  imports: [HttpModule.register({})],
  providers: [
    {
      provide: POSTMARK_MAILER_CONFIG,
      inject: [POSTMARK_MAILER_OPTIONS],
      useFactory: (options: PostmarkMailerOptions) =>
        validatePostmarkConfig(options),
    },
    PostmarkClient,
    VerificationMailer,
  ],
  exports: [VerificationMailer, POSTMARK_MAILER_CONFIG],
})
export class PostmarkMailerModule extends PostmarkMailerConfigurableModule {}
