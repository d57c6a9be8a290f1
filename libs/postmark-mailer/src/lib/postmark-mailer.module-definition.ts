import { ConfigurableModuleBuilder } from '@nestjs/common';
import type { PostmarkMailerOptions } from './postmark-mailer.options';

export interface PostmarkMailerModuleExtras {
  /**
   * Register the module globally, so `VerificationMailer` can be injected everywhere.
   * @default false
   */
  isGlobal?: boolean;
}

export const {
  ConfigurableModuleClass: PostmarkMailerConfigurableModule,
  MODULE_OPTIONS_TOKEN: POSTMARK_MAILER_OPTIONS,
  OPTIONS_TYPE: POSTMARK_MAILER_OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE: POSTMARK_MAILER_ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<PostmarkMailerOptions>({
  moduleName: 'PostmarkMailer',
})
  .setClassMethodName('forRoot')
  .setExtras<PostmarkMailerModuleExtras>(
    { isGlobal: false },
    (definition, extras) => ({
      ...definition,
      global: extras.isGlobal,
    }),
  )
  .build();
