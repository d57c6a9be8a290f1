import { parseJsonc, type PostmarkConnectorConfig } from '@app/postmark-mailer';

/** The token as shown to an administrator: its first 4 characters. */
export function maskToken(token: string): string {
  return token.length <= 8 ? '…' : `${token.slice(0, 4)}…`;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Turns a connector config as the admin page or a client sends it into one the mailer validates:
 * - `templates` may be JSON/JSONC text (comments, trailing commas), either the array or a whole
 *   connector config whose `templates` is taken; a syntax error is an `INVALID_CONFIG` naming
 *   `templates`, the line and the column;
 * - a `serverToken` equal to the masked active token (as GET shows it) means "keep the active token".
 * Anything else is passed through for the mailer's validation, so its messages are the ones shown.
 */
export function normalizeCandidate(
  raw: unknown,
  activeToken: string,
): PostmarkConnectorConfig {
  if (!isPlainObject(raw)) return raw as PostmarkConnectorConfig;
  const candidate: Record<string, unknown> = { ...raw };
  if (typeof candidate['templates'] === 'string') {
    const parsed = parseJsonc(candidate['templates'], 'templates');
    candidate['templates'] =
      isPlainObject(parsed) && 'templates' in parsed
        ? parsed['templates']
        : parsed;
  }
  if (
    typeof candidate['serverToken'] === 'string' &&
    candidate['serverToken'] === maskToken(activeToken)
  ) {
    candidate['serverToken'] = activeToken;
  }
  return candidate as unknown as PostmarkConnectorConfig;
}
