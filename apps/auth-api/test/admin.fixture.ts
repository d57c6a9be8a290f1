import { DEFAULT_SANDBOX_TOKEN } from '@app/postmark-sandbox';
import { TEMPLATES } from './auth-api.harness';

export { DEFAULT_SANDBOX_TOKEN };

/** A connector config as an admin pastes it (pointed at the sandbox through the inherited apiUrl). */
export const SAMPLE = {
  serverToken: DEFAULT_SANDBOX_TOKEN,
  fromEmail: 'Acme <no-reply@example.com>',
  templates: TEMPLATES.map((t) => ({ ...t })),
};
