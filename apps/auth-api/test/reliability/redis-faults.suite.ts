import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Harness } from '../auth-api.harness';
import { describeWithRedis, freePort } from '../redis-server.helper';
import { spawnRedisServer } from '../redis-server.process';
import { call, ledger, type Answer } from './reliability.ledger';
import { collectCodes, startReliabilityHarness } from './reliability.harness';

/** A redis-server on a fixed port with an append-only file fsynced on every write, so a restart keeps the codes. */
function startRedis(port: number, dir: string): Promise<ChildProcess> {
  return spawnRedisServer(port, [
    '--dir',
    dir,
    '--save',
    '',
    '--appendonly',
    'yes',
    '--appendfsync',
    'always',
  ]);
}

function kill(
  child: ChildProcess | undefined,
  signal: NodeJS.Signals,
): Promise<void> {
  return new Promise((resolve) => {
    if (!child || child.exitCode !== null || child.signalCode !== null)
      return resolve();
    child.once('exit', () => resolve());
    child.kill(signal);
  });
}

const sleep = (ms: number): Promise<void> =>
  new Promise((r) => setTimeout(r, ms));
/** Two Redis calls per request (throttler, store), each at most the command timeout, plus a busy machine. */
const QUICK_MS = 2_500;

export function redisFaultsSuite(): void {
  describeWithRedis('4. Redis faults', () => {
    let h: Harness;
    let redis: ChildProcess | undefined;
    let port: number;
    let dir: string;

    beforeAll(async () => {
      port = await freePort();
      dir = mkdtempSync(join(tmpdir(), 'auth-api-redis-'));
      redis = await startRedis(port, dir);
      h = await startReliabilityHarness({
        env: {
          REDIS_URL: `redis://127.0.0.1:${port}`,
          REDIS_KEY_PREFIX: 'reliability:',
        },
      });
    });
    afterAll(async () => {
      if (h) collectCodes(h);
      await h?.close();
      await kill(redis, 'SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    });

    it('Redis killed under load: 503 service_unavailable quickly, ready fails; back on the same port: recovers, old codes still verify', async () => {
      // Codes issued before the outage.
      const before = Array.from(
        { length: 10 },
        (_, i) => `before-${i}@example.org`,
      );
      for (const email of before)
        expect(
          (
            await call(h.url, 'POST', '/v1/verification-codes', {
              email,
              usageType: 'SignIn',
            })
          ).status,
        ).toBe(202);
      const codes = new Map(before.map((e) => [e, h.lastCode(e) as string]));
      expect((await call(h.url, 'GET', '/health/ready')).status).toBe(200);

      // Load: 8 clients asking for codes for new addresses, until stopped.
      const answers: { phase: string; answer: Answer }[] = [];
      let phase = 'up';
      let running = true;
      let n = 0;
      const clients = Array.from({ length: 8 }, async () => {
        while (running) {
          const started = phase;
          const answer = await call(h.url, 'POST', '/v1/verification-codes', {
            email: `during-${n++}@example.org`,
            usageType: 'Register',
          });
          answers.push({ phase: started === phase ? phase : 'switch', answer });
        }
      });
      await sleep(500);
      await kill(redis, 'SIGKILL');
      phase = 'down';
      await sleep(2_500);
      const ready = await call(h.url, 'GET', '/health/ready');
      const verifyDown = await call(
        h.url,
        'POST',
        '/v1/verification-codes/verify',
        {
          email: before[0],
          usageType: 'SignIn',
          code: codes.get(before[0]),
        },
      );
      redis = await startRedis(port, dir);
      phase = 'restarting';
      // Recovers without an app restart.
      const deadline = Date.now() + 10_000;
      while (
        (await call(h.url, 'GET', '/health/ready')).status !== 200 &&
        Date.now() < deadline
      )
        await sleep(100);
      phase = 'back';
      await sleep(1_000);
      running = false;
      await Promise.all(clients);

      expect([ready.status, ready.ms < QUICK_MS]).toEqual([503, true]);
      expect([
        verifyDown.status,
        verifyDown.json['error'],
        verifyDown.ms < QUICK_MS,
      ]).toEqual([503, 'service_unavailable', true]);
      expect(Number(verifyDown.headers.get('retry-after'))).toBeGreaterThan(0);

      const down = answers
        .filter((a) => a.phase === 'down')
        .map((a) => a.answer);
      const back = answers
        .filter((a) => a.phase === 'back')
        .map((a) => a.answer);
      const up = answers.filter((a) => a.phase === 'up').map((a) => a.answer);
      expect(down.length).toBeGreaterThan(10);
      expect(up.every((a) => a.status === 202)).toBe(true);
      expect([
        ...new Set(down.map((a) => `${a.status} ${a.json['error']}`)),
      ]).toEqual(['503 service_unavailable']);
      expect(down.every((a) => Number(a.headers.get('retry-after')) > 0)).toBe(
        true,
      );
      const slowest = Math.max(...down.map((a) => a.ms));
      expect(slowest).toBeLessThan(QUICK_MS);
      expect(back.length).toBeGreaterThan(5);
      expect(back.every((a) => a.status === 202)).toBe(true);
      expect(answers.every((a) => a.answer.status !== 500)).toBe(true);

      // The append-only file kept the codes issued before the outage.
      for (const email of before) {
        const res = await call(h.url, 'POST', '/v1/verification-codes/verify', {
          email,
          usageType: 'SignIn',
          code: codes.get(email),
        });
        expect([email, res.status]).toEqual([email, 200]);
      }
      ledger.notes.push(
        `redis outage: ${answers.length} requests under load (up=${up.length} down=${down.length} back=${back.length}), slowest while down ${Math.round(slowest)}ms, ready while down ${Math.round(ready.ms)}ms`,
      );
    });
  });
}
