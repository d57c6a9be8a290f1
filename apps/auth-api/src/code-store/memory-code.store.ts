import { timingSafeEqual } from 'node:crypto';
import type {
  CodeStore,
  IssueOptions,
  IssueResult,
  VerifyResult,
} from './code-store';

interface Entry {
  hash: Buffer;
  expiresAt: number;
  attempts: number;
}

function sameHash(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Codes in process memory: one instance only. Expired codes and cooldowns are swept periodically. */
export class MemoryCodeStore implements CodeStore {
  private readonly codes = new Map<string, Entry>();
  private readonly cooldowns = new Map<string, number>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(
    sweepIntervalMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {
    this.sweeper = setInterval(() => this.sweep(), sweepIntervalMs);
    this.sweeper.unref();
  }

  /** Codes and cooldowns held (expired ones included until the next sweep). */
  get size(): number {
    return this.codes.size + this.cooldowns.size;
  }

  async issue(
    key: string,
    hash: string,
    { ttlMs, cooldownMs }: IssueOptions,
  ): Promise<IssueResult> {
    const now = this.now();
    const until = this.cooldowns.get(key);
    if (until !== undefined && until > now)
      return { issued: false, retryAfterMs: until - now };
    this.codes.set(key, {
      hash: Buffer.from(hash, 'hex'),
      expiresAt: now + ttlMs,
      attempts: 0,
    });
    if (cooldownMs > 0) this.cooldowns.set(key, now + cooldownMs);
    else this.cooldowns.delete(key);
    return { issued: true };
  }

  async discard(key: string, hash: string): Promise<void> {
    const entry = this.codes.get(key);
    if (entry && sameHash(entry.hash, Buffer.from(hash, 'hex'))) {
      this.codes.delete(key);
      this.cooldowns.delete(key);
    }
  }

  async verify(
    key: string,
    hash: string,
    maxAttempts: number,
  ): Promise<VerifyResult> {
    const entry = this.codes.get(key);
    if (!entry || entry.expiresAt <= this.now()) {
      if (entry) this.codes.delete(key);
      return { status: 'expired' };
    }
    if (entry.attempts >= maxAttempts) return { status: 'locked' };
    if (sameHash(entry.hash, Buffer.from(hash, 'hex'))) {
      this.codes.delete(key);
      return { status: 'verified' };
    }
    entry.attempts += 1;
    return {
      status: 'invalid',
      attemptsRemaining: Math.max(0, maxAttempts - entry.attempts),
    };
  }

  async ping(): Promise<void> {
    return;
  }

  /** Drops expired codes and cooldowns. */
  sweep(): void {
    const now = this.now();
    for (const [key, entry] of this.codes)
      if (entry.expiresAt <= now) this.codes.delete(key);
    for (const [key, until] of this.cooldowns)
      if (until <= now) this.cooldowns.delete(key);
  }

  async close(): Promise<void> {
    clearInterval(this.sweeper);
    this.codes.clear();
    this.cooldowns.clear();
  }
}
