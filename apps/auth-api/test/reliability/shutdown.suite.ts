import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import {
  startPostmarkSandbox,
  type PostmarkSandbox,
} from '@app/postmark-sandbox';
import { TEMPLATES, TEST_HMAC_SECRET } from '../auth-api.harness';
import {
  describeWithRedis,
  freePort,
  startRedisServer,
  type RedisServer,
} from '../redis-server.helper';
import { call, ledger, SECRETS, type Answer } from './reliability.ledger';

const ROOT = join(__dirname, '../../../..');
const IN_FLIGHT = 20;
/** The first attempt of every send outlives the mailer's timeout; the retry, after SIGTERM, goes through. */
const DELAY_MS = 2_000;
const TIMEOUT_MS = 1_000;

export function shutdownSuite(): void {
  describeWithRedis('5. shutdown (SIGTERM to the real process)', () => {
    let sandbox: PostmarkSandbox;
    let redis: RedisServer;
    let child: ChildProcess | undefined;
    let output = '';

    beforeAll(async () => {
      sandbox = await startPostmarkSandbox({
        port: 0,
        host: '127.0.0.1',
        serverTokens: [SECRETS.serverToken],
      });
      redis = await startRedisServer();
    });
    afterAll(async () => {
      if (child && child.exitCode === null) child.kill('SIGKILL');
      for (const m of sandbox.messages()) {
        const code = m.TemplateModel?.['code'];
        if (typeof code === 'string') ledger.codes.add(code);
      }
      await sandbox?.close();
      await redis?.stop();
    });

    it('lets in-flight requests finish, closes Redis and the HTTP pool, exits 0 on its own', async () => {
      const port = await freePort();
      child = spawn(
        process.execPath,
        [
          '-r',
          '@swc-node/register',
          '-r',
          'tsconfig-paths/register',
          'apps/auth-api/src/main.ts',
        ],
        {
          cwd: ROOT,
          env: {
            PATH: process.env['PATH'],
            TS_NODE_PROJECT: 'tsconfig.base.json',
            NODE_ENV: 'production',
            PORT: String(port),
            HOST: '127.0.0.1',
            CODE_HMAC_SECRET: TEST_HMAC_SECRET,
            ADMIN_API_KEY: SECRETS.adminKey,
            REDIS_URL: redis.url,
            REDIS_KEY_PREFIX: 'shutdown:',
            THROTTLE_LIMIT: '100000',
            POSTMARK_SERVER_TOKEN: SECRETS.serverToken,
            POSTMARK_FROM_EMAIL: 'Auth API <no-reply@example.com>',
            POSTMARK_TEMPLATES: JSON.stringify(TEMPLATES),
            POSTMARK_API_URL: sandbox.url,
            POSTMARK_TIMEOUT_MS: String(TIMEOUT_MS),
            POSTMARK_RETRY_BASE_DELAY_MS: '50',
            POSTMARK_RETRY_MAX_DELAY_MS: '100',
          },
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      const exited = new Promise<{
        code: number | null;
        signal: string | null;
      }>((resolve) =>
        child?.once('exit', (code, signal) => resolve({ code, signal })),
      );
      const onData = (chunk: Buffer): void => {
        output += chunk.toString();
        ledger.logs.push(chunk.toString());
      };
      child.stdout?.on('data', onData);
      child.stderr?.on('data', onData);
      const started = Date.now();
      while (!/auth-api listening on/.test(output)) {
        if (child.exitCode !== null || Date.now() - started > 60_000)
          throw new Error(`the app did not start:\n${output}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      const base = `http://127.0.0.1:${port}`;

      // The first attempt of every send hangs at the provider past the timeout, so the requests are in
      // flight when SIGTERM comes, and they need the mailer's HTTP pool (a retry) and Redis after it.
      sandbox.addFault({ delayMs: DELAY_MS, times: IN_FLIGHT });
      const emails = Array.from(
        { length: IN_FLIGHT },
        (_, i) => `inflight-${i}@example.org`,
      );
      const inFlight: Promise<Answer>[] = emails.map((email) =>
        call(base, 'POST', '/v1/verification-codes', {
          email,
          usageType: 'SignIn',
        }),
      );
      while ((sandbox.stats().byPath['/email/withTemplate'] ?? 0) < IN_FLIGHT)
        await new Promise((r) => setTimeout(r, 20));
      const signalled = Date.now();
      child.kill('SIGTERM');

      const answers = await Promise.all(inFlight);
      const { code, signal } = await exited;
      const took = Date.now() - signalled;

      expect(answers.map((a) => a.status)).toEqual(emails.map(() => 202));
      for (const email of emails)
        expect(sandbox.messages({ to: email })).toHaveLength(1);
      expect({ code, signal }).toEqual({ code: 0, signal: null });
      expect(output).toContain('stopping (SIGTERM)');
      expect(output).toContain('Redis connection closed');
      expect(output).toContain('"message":"stopped"');
      // Exited on its own: no socket (HTTP server, Redis, the mailer's undici pool) or timer was left open.
      expect(output).not.toContain('handles still open');
      expect(took).toBeLessThan(TIMEOUT_MS + DELAY_MS + 4_000);
      ledger.notes.push(
        `shutdown: ${IN_FLIGHT} in-flight requests answered 202 after SIGTERM, exit 0 after ${took}ms`,
      );
    });
  });
}
