// npm run bench [-- --quick]: the send path and the API against baselines in the same run.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { forkBench, machine, round, stop } from './bench.util';
import { benchApiTarget, type ApiTargetResult } from './api.bench';
import { authApiTarget, scriptTarget } from './api.targets';
import { benchMailer, runWorker } from './mailer.bench';
import type { WorkerResult } from './mailer.worker';

const quick = process.argv.includes('--quick');
const only = process.argv
  .find((a) => a.startsWith('--only='))
  ?.slice('--only='.length);
const SIZES = quick
  ? {
      sends: 2_000,
      warmup: 300,
      memorySends: 10_000,
      apiSeconds: 3,
      verifyCodes: 2_000,
      connections: 32,
    }
  : {
      sends: 20_000,
      warmup: 2_000,
      memorySends: 100_000,
      apiSeconds: 10,
      verifyCodes: 10_000,
      connections: 32,
    };

function ratio(a: number, b: number): number {
  return b === 0 ? 0 : round(a / b, 2);
}

function find(
  results: WorkerResult[],
  client: string,
  concurrency: number,
): WorkerResult {
  const result = results.find(
    (r) => r.client === client && r.concurrency === concurrency,
  );
  if (!result) throw new Error(`no result for ${client} at ${concurrency}`);
  return result;
}

async function main(): Promise<void> {
  const started = Date.now();
  const report: Record<string, unknown> = {
    date: new Date().toISOString(),
    quick,
    machine: machine(),
    sizes: SIZES,
  };
  process.stdout.write(
    `bench ${quick ? '(quick)' : '(full)'} on ${JSON.stringify(machine())}\n`,
  );

  // The mailbox must hold every code the verify phase reads back.
  const sandbox = forkBench<{ url: string }>('sandbox.child.ts', [
    String(SIZES.verifyCodes * 2),
  ]);
  const { url } = await sandbox.ready;
  try {
    if (!only || only === 'mailer') {
      process.stdout.write(
        `mailer send path: ${SIZES.sends} sends per client, warm-up ${SIZES.warmup}\n`,
      );
      const mailer = await benchMailer({
        sandboxUrl: url,
        sends: SIZES.sends,
        warmup: SIZES.warmup,
        concurrencies: [1, 64],
        clients: ['mailer', 'mailer-http', 'official', 'undici'],
      });
      report['mailer'] = mailer;
      const m64 = find(mailer, 'mailer', 64);
      report['mailerRatios'] = {
        'mailer/official sends/s @64': ratio(
          m64.sendsPerSecond,
          find(mailer, 'official', 64).sendsPerSecond,
        ),
        'mailer/official cpu @64': ratio(
          m64.cpuUsPerSend,
          find(mailer, 'official', 64).cpuUsPerSend,
        ),
        'mailer/undici sends/s @64': ratio(
          m64.sendsPerSecond,
          find(mailer, 'undici', 64).sendsPerSecond,
        ),
        'mailer/mailer-http sends/s @64': ratio(
          m64.sendsPerSecond,
          find(mailer, 'mailer-http', 64).sendsPerSecond,
        ),
      };
    }
    if (!only || only === 'memory') {
      process.stdout.write(
        `memory: ${SIZES.memorySends} sends through the mailer at concurrency 64\n`,
      );
      const sampleEvery = Math.max(1, Math.floor(SIZES.memorySends / 50));
      const memory = await runWorker(
        'mailer',
        url,
        SIZES.memorySends,
        64,
        SIZES.warmup,
        sampleEvery,
      );
      report['memory'] = memory;
      process.stdout.write(
        `  rss growth after warm-up: ${memory.rssGrowthMb} MB\n`,
      );
    }
    if (!only || only === 'api') {
      process.stdout.write(
        `api: ${SIZES.apiSeconds} s of code requests, then ${SIZES.verifyCodes} verifies, ${SIZES.connections} connections\n`,
      );
      const api: ApiTargetResult[] = [];
      for (const target of [
        scriptTarget('floor', 'floor.server.ts', url),
        scriptTarget('peer', 'peer/peer.app.ts', url),
        authApiTarget(url),
        authApiTarget(url, true),
      ]) {
        api.push(
          await benchApiTarget(target, {
            sandboxUrl: url,
            durationSeconds: SIZES.apiSeconds,
            verifyCount: SIZES.verifyCodes,
            connections: SIZES.connections,
          }),
        );
      }
      report['api'] = api;
      const by = (name: string) =>
        api.find((r) => r.target === name) as ApiTargetResult;
      const [ours, redis, floor, peer] = [
        by('auth-api'),
        by('auth-api+redis'),
        by('floor'),
        by('peer'),
      ];
      report['apiRatios'] = {
        'api-request/peer': ratio(
          ours.request.requestsPerSecond,
          peer.request.requestsPerSecond,
        ),
        'api-verify/peer': ratio(
          ours.verify.requestsPerSecond,
          peer.verify.requestsPerSecond,
        ),
        'api-request/floor': ratio(
          ours.request.requestsPerSecond,
          floor.request.requestsPerSecond,
        ),
        'api-verify/floor': ratio(
          ours.verify.requestsPerSecond,
          floor.verify.requestsPerSecond,
        ),
        'api-request p99/floor p99': ratio(
          ours.request.p99Ms,
          floor.request.p99Ms,
        ),
        'api-verify p99/floor p99': ratio(
          ours.verify.p99Ms,
          floor.verify.p99Ms,
        ),
        'redis-request/memory': ratio(
          redis.request.requestsPerSecond,
          ours.request.requestsPerSecond,
        ),
        'redis-verify/memory': ratio(
          redis.verify.requestsPerSecond,
          ours.verify.requestsPerSecond,
        ),
        non2xx: api.reduce(
          (n, r) =>
            n +
            r.request.non2xx +
            r.verify.non2xx +
            r.request.errors +
            r.verify.errors,
          0,
        ),
      };
    }
  } finally {
    await stop(sandbox.child);
  }

  report['durationSeconds'] = round((Date.now() - started) / 1000, 1);
  const dir = join(__dirname, 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'latest.json'),
    `${JSON.stringify(report, null, 2)}\n`,
  );
  process.stdout.write(
    `${JSON.stringify(report['mailerRatios'] ?? {}, null, 2)}\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof Error ? error.stack : String(error)}\n`,
  );
  process.exit(1);
});
