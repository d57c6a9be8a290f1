import { randomBytes } from 'node:crypto';
import { LOG_LEVEL_NAMES, type LogLevelName } from '../logging/json.logger';
import { plainToInstance, Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  validateSync,
} from 'class-validator';

type Env = Record<string, string | undefined>;

const toInt = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^-?\d+$/.test(value.trim())
    ? Number(value.trim())
    : value;
const toBool = ({ value }: { value: unknown }): unknown => {
  if (typeof value !== 'string') return value;
  if (/^(true|1|yes)$/i.test(value.trim())) return true;
  if (/^(false|0|no)$/i.test(value.trim())) return false;
  return value;
};

/** The app's environment variables (the Postmark ones are read by `postmarkConfig` of the mailer). */
export class AuthApiEnv {
  @IsIn(['development', 'production', 'test'])
  NODE_ENV = 'development';

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsString()
  @MinLength(1)
  HOST = '0.0.0.0';

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  POSTMARK_SANDBOX_PORT = 3025;

  @IsOptional()
  @IsString()
  @MinLength(32, {
    message: 'CODE_HMAC_SECRET must be at least 32 characters long',
  })
  CODE_HMAC_SECRET?: string;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(86_400)
  CODE_TTL_SECONDS = 600;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100)
  MAX_VERIFY_ATTEMPTS = 5;

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(86_400)
  RESEND_COOLDOWN_SECONDS = 60;

  @IsOptional()
  @IsString()
  @MinLength(16, {
    message: 'ADMIN_API_KEY must be at least 16 characters long',
  })
  ADMIN_API_KEY?: string;

  @IsOptional()
  @IsString()
  @Matches(/^rediss?:\/\//, {
    message: 'REDIS_URL must start with redis:// or rediss://',
  })
  REDIS_URL?: string;

  @IsString()
  @MaxLength(100)
  REDIS_KEY_PREFIX = 'auth-api:';

  /** Where a Postmark config saved by the admin is kept (without `REDIS_URL`). */
  @IsOptional()
  @IsString()
  @MinLength(1)
  DATA_DIR?: string;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  THROTTLE_LIMIT = 100;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  THROTTLE_TTL_SECONDS = 60;

  @Transform(toBool)
  @IsBoolean()
  TRUST_PROXY = false;

  /** Least severe level logged; `debug` adds one access-log line per request. */
  @IsIn(LOG_LEVEL_NAMES)
  LOG_LEVEL: LogLevelName = 'log';

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(10)
  POSTMARK_RETRY_ATTEMPTS = 3;

  @Transform(toInt)
  @IsInt()
  @Min(0)
  POSTMARK_RETRY_BASE_DELAY_MS = 200;

  @Transform(toInt)
  @IsInt()
  @Min(0)
  POSTMARK_RETRY_MAX_DELAY_MS = 2_000;
}

/** The validated settings the app runs with. */
export interface AuthApiConfig {
  production: boolean;
  port: number;
  host: string;
  sandboxPort: number;
  /** Key of the code HMAC: `CODE_HMAC_SECRET`, or random per process outside production. */
  hmacSecret: Buffer;
  hmacSecretIsRandom: boolean;
  codeTtlSeconds: number;
  maxVerifyAttempts: number;
  resendCooldownSeconds: number;
  adminApiKey?: string;
  redisUrl?: string;
  redisKeyPrefix: string;
  throttleLimit: number;
  throttleTtlSeconds: number;
  trustProxy: boolean;
  /** `LOG_LEVEL`: the least severe level written. */
  logLevel: LogLevelName;
  /**
   * Directory of the saved Postmark config (`DATA_DIR`, default `./data`). Undefined with
   * `NODE_ENV=test` and no `DATA_DIR`: a saved config then lives in memory only.
   */
  dataDir?: string;
  postmarkRetry: { attempts: number; baseDelayMs: number; maxDelayMs: number };
  /** True when `POSTMARK_SERVER_TOKEN` (or a config file) is set: the mailer uses the environment's config. */
  postmarkTokenSet: boolean;
}

/** Thrown for an invalid environment: its message lists every problem and quotes no value. */
export class AuthApiConfigError extends Error {
  override readonly name = 'AuthApiConfigError';
  constructor(readonly problems: string[]) {
    super(
      `Invalid auth-api configuration (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
  }
}

const KNOWN = Object.keys(new AuthApiEnv());

/** Validates the environment. Empty variables count as unset. */
export function loadAuthApiConfig(
  env: Env = process.env,
  random: () => Buffer = defaultRandom,
): AuthApiConfig {
  const plain: Record<string, string> = {};
  for (const key of [
    ...KNOWN,
    'CODE_HMAC_SECRET',
    'ADMIN_API_KEY',
    'REDIS_URL',
    'DATA_DIR',
  ]) {
    const value = env[key]?.trim();
    if (value) plain[key] = value;
  }
  const parsed = plainToInstance(AuthApiEnv, plain, {
    exposeDefaultValues: true,
  });
  const problems = validateSync(parsed, { whitelist: true }).flatMap((error) =>
    // Name the variable and the rule; never the value (it may be a secret).
    Object.values(error.constraints ?? {}).map((message) =>
      message.startsWith(error.property)
        ? message
        : `${error.property}: ${message}`,
    ),
  );
  const production = parsed.NODE_ENV === 'production';
  const postmarkTokenSet = Boolean(
    env['POSTMARK_SERVER_TOKEN']?.trim() || env['POSTMARK_CONFIG_FILE']?.trim(),
  );
  if (production) {
    if (!parsed.CODE_HMAC_SECRET)
      problems.push('CODE_HMAC_SECRET is required when NODE_ENV=production');
    if (!postmarkTokenSet) {
      problems.push(
        'POSTMARK_SERVER_TOKEN is required when NODE_ENV=production (the in-process sandbox is for development only)',
      );
    }
  }
  if (
    parsed.POSTMARK_RETRY_MAX_DELAY_MS < parsed.POSTMARK_RETRY_BASE_DELAY_MS
  ) {
    problems.push(
      'POSTMARK_RETRY_MAX_DELAY_MS must not be less than POSTMARK_RETRY_BASE_DELAY_MS',
    );
  }
  if (problems.length > 0) throw new AuthApiConfigError(problems);
  return {
    production,
    port: parsed.PORT,
    host: parsed.HOST,
    sandboxPort: parsed.POSTMARK_SANDBOX_PORT,
    hmacSecret: parsed.CODE_HMAC_SECRET
      ? Buffer.from(parsed.CODE_HMAC_SECRET, 'utf8')
      : random(),
    hmacSecretIsRandom: !parsed.CODE_HMAC_SECRET,
    codeTtlSeconds: parsed.CODE_TTL_SECONDS,
    maxVerifyAttempts: parsed.MAX_VERIFY_ATTEMPTS,
    resendCooldownSeconds: parsed.RESEND_COOLDOWN_SECONDS,
    adminApiKey: parsed.ADMIN_API_KEY,
    redisUrl: parsed.REDIS_URL,
    redisKeyPrefix: parsed.REDIS_KEY_PREFIX,
    throttleLimit: parsed.THROTTLE_LIMIT,
    throttleTtlSeconds: parsed.THROTTLE_TTL_SECONDS,
    trustProxy: parsed.TRUST_PROXY,
    logLevel: parsed.LOG_LEVEL,
    dataDir:
      parsed.DATA_DIR ?? (parsed.NODE_ENV === 'test' ? undefined : './data'),
    postmarkRetry: {
      attempts: parsed.POSTMARK_RETRY_ATTEMPTS,
      baseDelayMs: parsed.POSTMARK_RETRY_BASE_DELAY_MS,
      maxDelayMs: parsed.POSTMARK_RETRY_MAX_DELAY_MS,
    },
    postmarkTokenSet,
  };
}

function defaultRandom(): Buffer {
  return randomBytes(32);
}
