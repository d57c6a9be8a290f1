import { randomBytes } from 'node:crypto';
import {
  DEFAULT_SANDBOX_TOKEN,
  startPostmarkSandbox,
  type PostmarkSandbox,
} from '@app/postmark-sandbox';
import Redis from 'ioredis';
import { SAMPLE } from './admin.fixture';
import { startHarness, type Harness } from './auth-api.harness';
import {
  describeWithRedis,
  startRedisServer,
  type RedisServer,
} from './redis-server.helper';

const KEY = 'admin-key-0123456789-abcdef';
const auth = { Authorization: `Bearer ${KEY}` };

async function eventually(check: () => Promise<boolean>, ms = 5_000) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`not true within ${ms} ms`);
}

describeWithRedis(
  'admin: saved Postmark config shared through Redis (e2e)',
  () => {
    let redis: RedisServer;
    let sandbox: PostmarkSandbox;
    let prefix: string;
    let a: Harness;
    let b: Harness;
    const start = () =>
      startHarness({
        sandbox,
        env: {
          ADMIN_API_KEY: KEY,
          REDIS_URL: redis.url,
          REDIS_KEY_PREFIX: prefix,
        },
      });
    const fromOf = async (h: Harness): Promise<string> =>
      (await h.http.get('/v1/admin/postmark/config').set(auth).expect(200)).body
        .fromEmail;

    beforeAll(async () => {
      redis = await startRedisServer();
      sandbox = await startPostmarkSandbox({ port: 0, host: '127.0.0.1' });
      prefix = `cfg-${randomBytes(4).toString('hex')}:`;
      a = await start();
      b = await start();
    });
    afterAll(async () => {
      await a?.close();
      await b?.close();
      await sandbox?.close();
      await redis?.stop();
    });

    it('a save on one instance is stored in Redis and activated on the other', async () => {
      const res = await a.http
        .put('/v1/admin/postmark/config')
        .set(auth)
        .send({ ...SAMPLE, fromEmail: 'Shared <shared@example.com>' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ storage: 'redis', source: 'saved' });

      const client = new Redis(redis.url);
      try {
        const stored = JSON.parse(
          (await client.get(`${prefix}postmark-config`)) ?? '{}',
        );
        expect(stored.config).toMatchObject({
          serverToken: DEFAULT_SANDBOX_TOKEN,
          fromEmail: 'Shared <shared@example.com>',
        });
      } finally {
        client.disconnect();
      }

      // Instance b learns of it through pub/sub, without a restart.
      await eventually(
        async () => (await fromOf(b)) === 'Shared <shared@example.com>',
      );
      await b.http
        .post('/v1/verification-codes')
        .send({ email: 'shared@example.org', usageType: 'SignIn' })
        .expect(202);
      expect(sandbox.messages({ to: 'shared@example.org' })[0].From).toBe(
        'Shared <shared@example.com>',
      );
    });

    it('a rejected save changes neither instance', async () => {
      const res = await b.http
        .put('/v1/admin/postmark/config')
        .set(auth)
        .send({
          ...SAMPLE,
          fromEmail: 'Nope <nope@example.com>',
          serverToken: 'refused-token-xyz-123',
        });
      expect(res.status).toBe(502);
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(await fromOf(a)).toBe('Shared <shared@example.com>');
      expect(await fromOf(b)).toBe('Shared <shared@example.com>');
    });

    it('a new instance starts with the saved config', async () => {
      const c = await start();
      try {
        expect(await fromOf(c)).toBe('Shared <shared@example.com>');
        expect(c.logs.join('\n')).toMatch(/SAVED config is active \(redis/);
      } finally {
        await c.close();
      }
    });
  },
);
