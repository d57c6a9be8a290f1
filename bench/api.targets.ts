import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { Pool } from 'undici';
import { LOGTO_EXAMPLE_TEMPLATES } from '@app/postmark-mailer';
import { DEFAULT_SANDBOX_TOKEN } from '@app/postmark-sandbox';
// eslint-disable-next-line @nx/enforce-module-boundaries -- the bench starts redis-server the way the app's specs do
import {
  freePort,
  startRedisServer,
  type RedisServer,
} from '../apps/auth-api/test/redis-server.process';
import type { ApiTarget } from './api.bench';
import { forkBench, ROOT, stop } from './bench.util';

const TEMPLATES = JSON.stringify(LOGTO_EXAMPLE_TEMPLATES);

async function waitUntilLive(url: string, timeoutMs = 20_000): Promise<void> {
  const pool = new Pool(url, { connections: 1 });
  const deadline = Date.now() + timeoutMs;
  try {
    for (;;) {
      try {
        const { statusCode, body } = await pool.request({
          method: 'GET',
          path: '/health/live',
        });
        await body.dump();
        if (statusCode === 200) return;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline)
        throw new Error(`${url} did not come up in ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } finally {
    await pool.close();
  }
}

/** auth-api from its build output, in production mode, as `npm start` runs it. */
export function authApiTarget(sandboxUrl: string, redis = false): ApiTarget {
  return {
    name: redis ? 'auth-api+redis' : 'auth-api',
    async start() {
      let redisServer: RedisServer | undefined;
      if (redis) redisServer = await startRedisServer();
      const port = await freePort();
      const child = spawn(
        process.execPath,
        [join(ROOT, 'dist/apps/auth-api/src/main.js')],
        {
          cwd: ROOT,
          stdio: ['ignore', 'ignore', 'inherit'],
          env: {
            ...process.env,
            NODE_ENV: 'production',
            HOST: '127.0.0.1',
            PORT: String(port),
            CODE_HMAC_SECRET: 'bench-secret-bench-secret-bench-secret',
            ADMIN_API_KEY: 'bench-admin-key-0123456789',
            THROTTLE_LIMIT: '1000000000',
            POSTMARK_SERVER_TOKEN: DEFAULT_SANDBOX_TOKEN,
            POSTMARK_FROM_EMAIL: 'Bench <no-reply@example.com>',
            POSTMARK_TEMPLATES: TEMPLATES,
            POSTMARK_API_URL: sandboxUrl,
            ...(redisServer ? { REDIS_URL: redisServer.url } : {}),
          },
        },
      );
      const url = `http://127.0.0.1:${port}`;
      await waitUntilLive(url);
      return {
        url,
        stop: async () => {
          await stop(child);
          await redisServer?.stop();
        },
      };
    },
  };
}

/** A bench-only server script (floor or peer), forked with the TypeScript loader. */
export function scriptTarget(
  name: string,
  script: string,
  sandboxUrl: string,
): ApiTarget {
  return {
    name,
    async start() {
      const { child, ready } = forkBench<{ port: number }>(script, [], {
        env: { PORT: '0', POSTMARK_API_URL: sandboxUrl },
      });
      const { port } = await ready;
      return { url: `http://127.0.0.1:${port}`, stop: () => stop(child) };
    },
  };
}
