import type { PostmarkMailerOptions } from '@app/postmark-mailer';
import type { AuthApiConfig } from './auth-api.config';

/** Injection token of the validated {@link AuthApiConfig}. */
export const AUTH_API_CONFIG = Symbol('AUTH_API_CONFIG');
/** Injection token of the {@link AuthApiRuntime}. */
export const AUTH_API_RUNTIME = Symbol('AUTH_API_RUNTIME');

/** What the app module is built from: main.ts and the e2e specs make one. */
export interface AuthApiRuntime {
  config: AuthApiConfig;
  /**
   * Postmark options to use instead of the environment's (`postmarkConfig`): the in-process sandbox in
   * development, a sandbox on port 0 in tests.
   */
  postmark?: PostmarkMailerOptions;
}
