import { randomBytes } from 'node:crypto';
import {
  startPostmarkSandbox,
  type PostmarkSandbox,
} from '@app/postmark-sandbox';
import { startHarness, type Harness } from './auth-api.harness';
import {
  describeWithRedis,
  startRedisServer,
  type RedisServer,
} from './redis-server.helper';

describeWithRedis('two app instances on one real Redis (e2e)', () => {
  let redis: RedisServer;
  let sandbox: PostmarkSandbox;
  let a: Harness;
  let b: Harness;

  beforeAll(async () => {
    redis = await startRedisServer();
    sandbox = await startPostmarkSandbox({ port: 0, host: '127.0.0.1' });
    const env = {
      REDIS_URL: redis.url,
      REDIS_KEY_PREFIX: `e2e-${randomBytes(4).toString('hex')}:`,
      THROTTLE_LIMIT: '1000',
    };
    a = await startHarness({ sandbox, env });
    b = await startHarness({ sandbox, env });
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await sandbox?.close();
    await redis?.stop();
  });

  it('a code requested on one instance verifies on the other, once', async () => {
    const to = 'shared@example.org';
    await a.requestCode(to, 'SignIn').expect(202);
    const code = a.lastCode(to);
    await b.verify(to, 'SignIn', code).expect(200);
    const again = await a.verify(to, 'SignIn', code);
    expect(again.body.error).toBe('code_expired');
  });

  it('the resend cooldown and wrong attempts are shared', async () => {
    const to = 'cooldown@example.org';
    await a.requestCode(to, 'Register').expect(202);
    const resend = await b.requestCode(to, 'Register');
    expect(resend.status).toBe(429);
    expect(resend.body.error).toBe('resend_too_soon');
    const code = a.lastCode(to) as string;
    const wrong = code === '000000' ? '000001' : '000000';
    const first = await a.verify(to, 'Register', wrong);
    expect(first.body.attemptsRemaining).toBe(4);
    const second = await b.verify(to, 'Register', wrong);
    expect(second.body.attemptsRemaining).toBe(3);
  });

  it('readiness checks Redis', async () => {
    const res = await b.http.get('/health/ready').expect(200);
    expect(res.body.details.codeStore.status).toBe('up');
  });
});

describeWithRedis('Redis-backed rate limit shared by instances (e2e)', () => {
  let redis: RedisServer;
  let sandbox: PostmarkSandbox;
  let a: Harness;
  let b: Harness;

  beforeAll(async () => {
    redis = await startRedisServer();
    sandbox = await startPostmarkSandbox({ port: 0, host: '127.0.0.1' });
    const env = { REDIS_URL: redis.url, THROTTLE_LIMIT: '4' };
    a = await startHarness({ sandbox, env });
    b = await startHarness({ sandbox, env });
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await sandbox?.close();
    await redis?.stop();
  });

  it('counts requests of one IP across instances', async () => {
    const body = {
      email: 'rl@example.org',
      usageType: 'SignIn',
      code: '123456',
    };
    await a.http.post('/v1/verification-codes/verify').send(body).expect(400);
    await b.http.post('/v1/verification-codes/verify').send(body).expect(400);
    await a.http.post('/v1/verification-codes/verify').send(body).expect(400);
    await b.http.post('/v1/verification-codes/verify').send(body).expect(400);
    const limited = await a.http
      .post('/v1/verification-codes/verify')
      .send(body);
    expect(limited.status).toBe(429);
    expect(limited.body.error).toBe('rate_limited');
  });
});
