import { readFileSync } from 'node:fs';
import { registerAs } from '@nestjs/config';
import { parseJsonc } from './jsonc';
import { invalidConfigError } from './postmark-config.validator';
import type { PostmarkMailerOptions } from './postmark-mailer.options';

/** The environment variables `loadPostmarkConfig` reads. */
export const POSTMARK_ENV = {
  serverToken: 'POSTMARK_SERVER_TOKEN',
  fromEmail: 'POSTMARK_FROM_EMAIL',
  templates: 'POSTMARK_TEMPLATES',
  configFile: 'POSTMARK_CONFIG_FILE',
  messageStream: 'POSTMARK_MESSAGE_STREAM',
  apiUrl: 'POSTMARK_API_URL',
  timeoutMs: 'POSTMARK_TIMEOUT_MS',
  verifyTemplatesOnStartup: 'POSTMARK_VERIFY_TEMPLATES_ON_STARTUP',
  retryAttempts: 'POSTMARK_RETRY_ATTEMPTS',
  retryBaseDelayMs: 'POSTMARK_RETRY_BASE_DELAY_MS',
  retryMaxDelayMs: 'POSTMARK_RETRY_MAX_DELAY_MS',
} as const;

type Env = Record<string, string | undefined>;

function readVar(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

function readConfigFile(path: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw invalidConfigError([
      `${POSTMARK_ENV.configFile}: cannot read ${path} (${reason})`,
    ]);
  }
  const value = parseJsonc(text, `${POSTMARK_ENV.configFile} ${path}`);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalidConfigError([
      `${POSTMARK_ENV.configFile} ${path}: must hold an object { serverToken, fromEmail, templates }`,
    ]);
  }
  return value as Record<string, unknown>;
}

/** Numbers and booleans from the environment; anything else is kept so validation names it. */
function numberOrRaw(value: string | undefined): number | string | undefined {
  return value !== undefined && /^\d+$/.test(value) ? Number(value) : value;
}
function booleanOrRaw(value: string | undefined): boolean | string | undefined {
  if (value === undefined) return undefined;
  if (/^(true|1|yes)$/i.test(value)) return true;
  if (/^(false|0|no)$/i.test(value)) return false;
  return value;
}

/** The templates array, also when a whole connector config `{ ..., templates: [...] }` was pasted. */
function templatesFrom(value: unknown): unknown {
  if (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    'templates' in value
  ) {
    return (value as { templates: unknown }).templates;
  }
  return value;
}

/**
 * Reads the Postmark config from the environment: `POSTMARK_CONFIG_FILE` (the whole connector
 * JSON/JSONC) first, then the single variables, which override its fields. Empty variables count
 * as unset. The result is not validated yet: `PostmarkMailerModule` validates it at start-up and
 * names every missing or invalid field.
 *
 * @throws PostmarkMailerError `INVALID_CONFIG` when the file cannot be read or a JSONC value
 *   does not parse (with the variable or file, line and column).
 */
export function loadPostmarkConfig(
  env: Env = process.env,
): PostmarkMailerOptions {
  const file = readVar(env, POSTMARK_ENV.configFile);
  const config: Record<string, unknown> = file ? readConfigFile(file) : {};
  const templates = readVar(env, POSTMARK_ENV.templates);
  const overrides: Record<string, unknown> = {
    serverToken: readVar(env, POSTMARK_ENV.serverToken),
    fromEmail: readVar(env, POSTMARK_ENV.fromEmail),
    templates:
      templates === undefined
        ? undefined
        : templatesFrom(parseJsonc(templates, POSTMARK_ENV.templates)),
    messageStream: readVar(env, POSTMARK_ENV.messageStream),
    apiUrl: readVar(env, POSTMARK_ENV.apiUrl),
    timeoutMs: numberOrRaw(readVar(env, POSTMARK_ENV.timeoutMs)),
    verifyTemplatesOnStartup: booleanOrRaw(
      readVar(env, POSTMARK_ENV.verifyTemplatesOnStartup),
    ),
  };
  for (const [key, value] of Object.entries(overrides)) {
    if (value !== undefined) config[key] = value;
  }
  const retry = Object.entries({
    attempts: numberOrRaw(readVar(env, POSTMARK_ENV.retryAttempts)),
    baseDelayMs: numberOrRaw(readVar(env, POSTMARK_ENV.retryBaseDelayMs)),
    maxDelayMs: numberOrRaw(readVar(env, POSTMARK_ENV.retryMaxDelayMs)),
  }).filter(([, value]) => value !== undefined);
  if (retry.length) {
    const fromFile = config['retry'];
    config['retry'] = {
      ...(typeof fromFile === 'object' && fromFile !== null ? fromFile : {}),
      ...Object.fromEntries(retry),
    };
  }
  // Unvalidated on purpose: the module validates at start-up and reports every violation at once.
  return config as unknown as PostmarkMailerOptions;
}

/** `@nestjs/config` namespace `postmark`: `ConfigModule.forFeature(postmarkConfig)`. */
export const postmarkConfig = registerAs('postmark', () =>
  loadPostmarkConfig(process.env),
);
