import type { Redis } from 'ioredis';
import {
  CodeStoreUnavailableError,
  type CodeStore,
  type IssueOptions,
  type IssueResult,
  type VerifyResult,
} from './code-store';

/** Any failure of a Redis call (connection refused or closed, timeout, offline) is the store being unavailable. */
function unavailable(error: unknown): never {
  throw new CodeStoreUnavailableError(error);
}

/**
 * KEYS[1] code hash, KEYS[2] cooldown; ARGV hash, ttlMs, cooldownMs.
 * Returns -1 when issued, else the cooldown's remaining ms.
 */
const ISSUE = `
local left = redis.call('PTTL', KEYS[2])
if left > 0 then return left end
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], 'h', ARGV[1], 'a', 0)
redis.call('PEXPIRE', KEYS[1], ARGV[2])
if tonumber(ARGV[3]) > 0 then redis.call('SET', KEYS[2], '1', 'PX', ARGV[3]) else redis.call('DEL', KEYS[2]) end
return -1
`;

/** KEYS[1] code, KEYS[2] cooldown; ARGV hash. Deletes both when the code is still ARGV[1]. */
const DISCARD = `
if redis.call('HGET', KEYS[1], 'h') == ARGV[1] then
  redis.call('DEL', KEYS[1], KEYS[2])
  return 1
end
return 0
`;

/**
 * KEYS[1] code; ARGV hash, maxAttempts. Returns {0} expired, {1} verified (consumed),
 * {2, remaining} wrong, {3} locked. Compares HMACs (keyed with a secret Redis never sees),
 * so the comparison's timing tells nothing about the code.
 */
const VERIFY = `
local h = redis.call('HGET', KEYS[1], 'h')
if not h then return {0} end
local max = tonumber(ARGV[2])
local a = tonumber(redis.call('HGET', KEYS[1], 'a'))
if a >= max then return {3} end
if h == ARGV[1] then
  redis.call('DEL', KEYS[1])
  return {1}
end
a = redis.call('HINCRBY', KEYS[1], 'a', 1)
return {2, max - a}
`;

type ScriptRedis = Redis & {
  authIssue(
    code: string,
    cooldown: string,
    hash: string,
    ttlMs: number,
    cooldownMs: number,
  ): Promise<number>;
  authDiscard(code: string, cooldown: string, hash: string): Promise<number>;
  authVerify(
    code: string,
    hash: string,
    maxAttempts: number,
  ): Promise<number[]>;
};

/** Codes in Redis: instances sharing one Redis share codes and cooldowns. Every key has a TTL. */
export class RedisCodeStore implements CodeStore {
  private readonly redis: ScriptRedis;

  constructor(
    redis: Redis,
    private readonly prefix = 'auth-api:',
    private readonly ownsClient = false,
  ) {
    if (!('authIssue' in redis)) {
      redis.defineCommand('authIssue', { numberOfKeys: 2, lua: ISSUE });
      redis.defineCommand('authDiscard', { numberOfKeys: 2, lua: DISCARD });
      redis.defineCommand('authVerify', { numberOfKeys: 1, lua: VERIFY });
    }
    this.redis = redis as ScriptRedis;
  }

  private codeKey(key: string): string {
    return `${this.prefix}code:${key}`;
  }
  private cooldownKey(key: string): string {
    return `${this.prefix}cooldown:${key}`;
  }

  async issue(
    key: string,
    hash: string,
    { ttlMs, cooldownMs }: IssueOptions,
  ): Promise<IssueResult> {
    const left = Number(
      await this.redis
        .authIssue(
          this.codeKey(key),
          this.cooldownKey(key),
          hash,
          ttlMs,
          cooldownMs,
        )
        .catch(unavailable),
    );
    return left < 0 ? { issued: true } : { issued: false, retryAfterMs: left };
  }

  async discard(key: string, hash: string): Promise<void> {
    await this.redis
      .authDiscard(this.codeKey(key), this.cooldownKey(key), hash)
      .catch(unavailable);
  }

  async verify(
    key: string,
    hash: string,
    maxAttempts: number,
  ): Promise<VerifyResult> {
    const [status, remaining] = (
      await this.redis
        .authVerify(this.codeKey(key), hash, maxAttempts)
        .catch(unavailable)
    ).map(Number);
    switch (status) {
      case 1:
        return { status: 'verified' };
      case 2:
        return { status: 'invalid', attemptsRemaining: Math.max(0, remaining) };
      case 3:
        return { status: 'locked' };
      default:
        return { status: 'expired' };
    }
  }

  async ping(): Promise<void> {
    await this.redis.ping().catch(unavailable);
  }

  async close(): Promise<void> {
    if (this.ownsClient && this.redis.status !== 'end')
      await this.redis.quit().catch(() => undefined);
  }
}
