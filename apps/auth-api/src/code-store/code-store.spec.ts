import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';
import {
  describeWithRedis,
  startRedisServer,
  type RedisServer,
} from '../../test/redis-server.helper';
import type { CodeStore } from './code-store';
import { MemoryCodeStore } from './memory-code.store';
import { RedisCodeStore } from './redis-code.store';

const hash = (): string => randomBytes(32).toString('hex');
const sleep = (ms: number): Promise<void> =>
  new Promise((r) => setTimeout(r, ms));
const LONG = { ttlMs: 60_000, cooldownMs: 0 };

/** The one suite both implementations must pass. */
function codeStoreContract(make: () => CodeStore): void {
  let store: CodeStore;
  let key: string;
  beforeEach(() => {
    store = make();
    key = `key-${randomBytes(6).toString('hex')}`;
  });
  afterEach(() => store.close());

  it('verifies the stored code once, then it is gone', async () => {
    const h = hash();
    expect(await store.issue(key, h, LONG)).toEqual({ issued: true });
    expect(await store.verify(key, h, 5)).toEqual({ status: 'verified' });
    expect(await store.verify(key, h, 5)).toEqual({ status: 'expired' });
  });

  it('answers expired for a key without a code', async () => {
    expect(await store.verify(key, hash(), 5)).toEqual({ status: 'expired' });
  });

  it('counts wrong attempts and locks the code after maxAttempts, even for the right code', async () => {
    const h = hash();
    await store.issue(key, h, LONG);
    expect(await store.verify(key, hash(), 3)).toEqual({
      status: 'invalid',
      attemptsRemaining: 2,
    });
    expect(await store.verify(key, hash(), 3)).toEqual({
      status: 'invalid',
      attemptsRemaining: 1,
    });
    expect(await store.verify(key, hash(), 3)).toEqual({
      status: 'invalid',
      attemptsRemaining: 0,
    });
    expect(await store.verify(key, h, 3)).toEqual({ status: 'locked' });
  });

  it('expires codes after their TTL', async () => {
    const h = hash();
    await store.issue(key, h, { ttlMs: 60, cooldownMs: 0 });
    await sleep(120);
    expect(await store.verify(key, h, 5)).toEqual({ status: 'expired' });
  });

  it('refuses a new code within the cooldown and says for how long', async () => {
    await store.issue(key, hash(), { ttlMs: 60_000, cooldownMs: 30_000 });
    const again = await store.issue(key, hash(), {
      ttlMs: 60_000,
      cooldownMs: 30_000,
    });
    expect(again.issued).toBe(false);
    expect(again.issued === false && again.retryAfterMs).toBeGreaterThan(
      28_000,
    );
    expect(again.issued === false && again.retryAfterMs).toBeLessThanOrEqual(
      30_000,
    );
  });

  it('allows a new code once the cooldown is over', async () => {
    await store.issue(key, hash(), { ttlMs: 60_000, cooldownMs: 50 });
    await sleep(100);
    expect(
      await store.issue(key, hash(), { ttlMs: 60_000, cooldownMs: 50 }),
    ).toEqual({ issued: true });
  });

  it('replaces the old code with a new one (and resets the attempts)', async () => {
    const old = hash();
    const fresh = hash();
    await store.issue(key, old, LONG);
    await store.verify(key, hash(), 2);
    await store.issue(key, fresh, LONG);
    expect(await store.verify(key, old, 2)).toEqual({
      status: 'invalid',
      attemptsRemaining: 1,
    });
    expect(await store.verify(key, fresh, 2)).toEqual({ status: 'verified' });
  });

  it('discard removes the code and its cooldown when the code is still the same', async () => {
    const h = hash();
    await store.issue(key, h, { ttlMs: 60_000, cooldownMs: 60_000 });
    await store.discard(key, h);
    expect(await store.verify(key, h, 5)).toEqual({ status: 'expired' });
    expect(
      await store.issue(key, hash(), { ttlMs: 60_000, cooldownMs: 60_000 }),
    ).toEqual({ issued: true });
  });

  it('discard leaves a newer code alone', async () => {
    const newer = hash();
    await store.issue(key, newer, LONG);
    await store.discard(key, hash());
    expect(await store.verify(key, newer, 5)).toEqual({ status: 'verified' });
  });

  it('keeps keys apart', async () => {
    const h = hash();
    await store.issue(key, h, LONG);
    expect(await store.verify(`${key}-other`, h, 5)).toEqual({
      status: 'expired',
    });
    expect(await store.verify(key, h, 5)).toEqual({ status: 'verified' });
  });

  it('verifies a code exactly once under concurrent attempts', async () => {
    const h = hash();
    await store.issue(key, h, LONG);
    const results = await Promise.all(
      Array.from({ length: 20 }, () => store.verify(key, h, 5)),
    );
    expect(results.filter((r) => r.status === 'verified')).toHaveLength(1);
  });

  it('answers ping', async () => {
    await expect(store.ping()).resolves.toBeUndefined();
  });
}

describe('MemoryCodeStore', () => {
  codeStoreContract(() => new MemoryCodeStore());

  it('sweeps expired codes and cooldowns so memory does not grow without end', async () => {
    let now = 1_000;
    const store = new MemoryCodeStore(60_000, () => now);
    for (let i = 0; i < 50; i++)
      await store.issue(`k${i}`, hash(), { ttlMs: 1_000, cooldownMs: 500 });
    expect(store.size).toBe(100);
    now += 2_000;
    store.sweep();
    expect(store.size).toBe(0);
    await store.close();
  });
});

describeWithRedis('RedisCodeStore (real redis-server)', () => {
  let server: RedisServer;
  const clients: Redis[] = [];
  beforeAll(async () => {
    server = await startRedisServer();
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.quit()));
    await server?.stop();
  });

  codeStoreContract(() => {
    const client = new Redis(server.url);
    clients.push(client);
    return new RedisCodeStore(
      client,
      `test-${randomBytes(4).toString('hex')}:`,
    );
  });

  it('gives every key a TTL and stores no plain key material beyond the prefix', async () => {
    const client = new Redis(server.url);
    clients.push(client);
    const store = new RedisCodeStore(client, 'ttl-test:');
    await store.issue('k1', hash(), { ttlMs: 60_000, cooldownMs: 30_000 });
    const keys = await client.keys('ttl-test:*');
    expect(keys.sort()).toEqual(['ttl-test:code:k1', 'ttl-test:cooldown:k1']);
    for (const k of keys) expect(await client.pttl(k)).toBeGreaterThan(0);
  });
});
