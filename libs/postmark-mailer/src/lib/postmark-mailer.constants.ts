import { Inject } from '@nestjs/common';

/** Injection token of the validated {@link ResolvedPostmarkConfig} the module started with. */
export const POSTMARK_MAILER_CONFIG = Symbol('POSTMARK_MAILER_CONFIG');

/** `@InjectPostmarkConfig() config: ResolvedPostmarkConfig` */
export const InjectPostmarkConfig = (): PropertyDecorator &
  ParameterDecorator => Inject(POSTMARK_MAILER_CONFIG);
