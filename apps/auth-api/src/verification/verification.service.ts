import { createHmac, randomInt } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  maskEmail,
  VerificationMailer,
  type UsageType,
} from '@app/postmark-mailer';
import { ApiError } from '../common/api-error';
import type { AuthApiConfig } from '../config/auth-api.config';
import { AUTH_API_CONFIG } from '../config/auth-api.constants';
import { CODE_STORE, type CodeStore } from '../code-store/code-store';

export interface IssuedCode {
  expiresInSeconds: number;
  resendAfterSeconds: number;
}

/** The email as a key: trimmed and lower-cased. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** Issues and checks verification codes: 6 digits, stored as HMAC-SHA256 only, single use. */
@Injectable()
export class VerificationService {
  private readonly logger = new Logger(VerificationService.name);

  constructor(
    @Inject(AUTH_API_CONFIG) private readonly config: AuthApiConfig,
    @Inject(CODE_STORE) private readonly store: CodeStore,
    private readonly mailer: VerificationMailer,
  ) {}

  /** The store key: an HMAC of usage type and email, so the store holds no address. */
  private key(email: string, usageType: UsageType): string {
    return this.hmac(`key:${usageType}:${normalizeEmail(email)}`);
  }

  private hmac(value: string): string {
    return createHmac('sha256', this.config.hmacSecret)
      .update(value)
      .digest('hex');
  }

  private codeHash(key: string, code: string): string {
    return this.hmac(`code:${key}:${code}`);
  }

  async request(email: string, usageType: UsageType): Promise<IssuedCode> {
    const key = this.key(email, usageType);
    const code = randomInt(0, 1_000_000).toString().padStart(6, '0');
    const hash = this.codeHash(key, code);
    const { codeTtlSeconds, resendCooldownSeconds } = this.config;
    const issued = await this.store.issue(key, hash, {
      ttlMs: codeTtlSeconds * 1000,
      cooldownMs: resendCooldownSeconds * 1000,
    });
    if (!issued.issued) {
      const retryAfter = Math.max(1, Math.ceil(issued.retryAfterMs / 1000));
      throw new ApiError(
        429,
        'resend_too_soon',
        `Wait ${retryAfter} s before asking for a new code`,
        {},
        retryAfter,
      );
    }
    try {
      await this.mailer.sendVerificationCode({
        to: email.trim(),
        usageType,
        code,
        model: { expiresInMinutes: Math.ceil(codeTtlSeconds / 60) },
      });
    } catch (error) {
      // The code never reached the user: it must not stay usable, and the user may ask again at once.
      await this.store
        .discard(key, hash)
        .catch((e: unknown) =>
          this.logger.error(`could not discard a code: ${String(e)}`),
        );
      throw error;
    }
    this.logger.log(`issued ${usageType} code for ${maskEmail(email.trim())}`);
    return {
      expiresInSeconds: codeTtlSeconds,
      resendAfterSeconds: resendCooldownSeconds,
    };
  }

  async verify(
    email: string,
    usageType: UsageType,
    code: string,
  ): Promise<{ verified: true }> {
    const key = this.key(email, usageType);
    const result = await this.store.verify(
      key,
      this.codeHash(key, code),
      this.config.maxVerifyAttempts,
    );
    const who = `${usageType} code for ${maskEmail(email.trim())}`;
    switch (result.status) {
      case 'verified':
        this.logger.log(`verified ${who}`);
        return { verified: true };
      case 'invalid':
        this.logger.log(
          `wrong ${who}, ${result.attemptsRemaining} attempts left`,
        );
        throw new ApiError(400, 'invalid_code', 'The code is not correct', {
          attemptsRemaining: result.attemptsRemaining,
        });
      case 'locked':
        this.logger.warn(`locked ${who}: too many wrong attempts`);
        throw new ApiError(
          429,
          'too_many_attempts',
          'Too many wrong attempts: ask for a new code',
        );
      default:
        throw new ApiError(
          400,
          'code_expired',
          'The code has expired or was never issued: ask for a new code',
        );
    }
  }
}
