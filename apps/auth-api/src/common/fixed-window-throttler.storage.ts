import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';

interface Window {
  hits: number;
  endsAt: number;
  blockedUntil: number;
}

/** What `@nestjs/throttler` expects back from a storage. */
export interface ThrottlerStorageRecord {
  totalHits: number;
  timeToExpire: number;
  isBlocked: boolean;
  timeToBlockExpire: number;
}

const seconds = (ms: number) => Math.max(0, Math.ceil(ms / 1000));

/**
 * In-memory rate-limit counters: one fixed window per key, O(1) per request.
 *
 * `@nestjs/throttler`'s default storage keeps a timestamp per hit and filters them on every
 * request, so its cost grows with the limit and the traffic of one key (measured: a quarter of the
 * API's CPU under load with a high limit). This is the fixed-window counter the Redis storage
 * (`INCR` + `PEXPIRE`) uses too, so one instance and several behave alike: up to `limit` requests
 * per window of `ttl`, then blocked for `blockDuration`.
 */
@Injectable()
export class FixedWindowThrottlerStorage
  implements ThrottlerStorage, OnModuleDestroy
{
  private readonly windows = new Map<string, Window>();
  private readonly sweeper: NodeJS.Timeout;

  /** @param sweepIntervalMs how often expired windows are dropped, so idle keys do not pile up. */
  constructor(sweepIntervalMs = 60_000) {
    this.sweeper = setInterval(() => this.sweep(), sweepIntervalMs);
    this.sweeper.unref();
  }

  async increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
  ): Promise<ThrottlerStorageRecord> {
    const now = Date.now();
    const id = `${throttlerName}:${key}`;
    let window = this.windows.get(id);
    if (window && window.blockedUntil > now) {
      return {
        totalHits: window.hits,
        timeToExpire: seconds(window.endsAt - now),
        isBlocked: true,
        timeToBlockExpire: seconds(window.blockedUntil - now),
      };
    }
    if (!window || window.endsAt <= now) {
      window = { hits: 0, endsAt: now + ttl, blockedUntil: 0 };
      this.windows.set(id, window);
    }
    window.hits++;
    const isBlocked = window.hits > limit;
    if (isBlocked)
      window.blockedUntil =
        now + (blockDuration > 0 ? blockDuration : window.endsAt - now);
    return {
      totalHits: window.hits,
      timeToExpire: seconds(window.endsAt - now),
      isBlocked,
      timeToBlockExpire: isBlocked ? seconds(window.blockedUntil - now) : 0,
    };
  }

  /** Keys with a live window or block. */
  get size(): number {
    return this.windows.size;
  }

  sweep(now = Date.now()): void {
    for (const [id, window] of this.windows) {
      if (window.endsAt <= now && window.blockedUntil <= now)
        this.windows.delete(id);
    }
  }

  onModuleDestroy(): void {
    clearInterval(this.sweeper);
  }
}
