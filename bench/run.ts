// npm run bench [-- --quick] [-- --only=mailer|memory|api]: the send path and the API against
// baselines in the same run. Writes bench/results/latest.json and latest.md.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { benchApiTarget, type ApiTargetResult } from './api.bench';
import { authApiTarget, scriptTarget } from './api.targets';
import { forkBench, machine, round, stop } from './bench.util';
import { runWorker } from './mailer.bench';
import type { ClientName, WorkerResult } from './mailer.worker';
import { summaryLine, toMarkdown, type BenchReport } from './report';

const quick = process.argv.includes('--quick');
if (process.argv.includes('--profile'))
  process.env['BENCH_CPU_PROFILE_DIR'] = join(__dirname, 'results', 'profiles');
const only = process.argv
  .find((a) => a.startsWith('--only='))
  ?.slice('--only='.length);
const SIZES = quick
  ? {
      rounds: 1,
      sends: 2_000,
      warmup: 500,
      memorySends: 10_000,
      apiSeconds: 3,
      verifyCodes: 4_000,
      connections: 32,
    }
  : {
      rounds: 3,
      sends: 20_000,
      warmup: 2_000,
      memorySends: 100_000,
      apiSeconds: 10,
      verifyCodes: 20_000,
      connections: 32,
    };
const CLIENTS: ClientName[] = ['mailer', 'mailer-http', 'official', 'undici'];

function ratio(a: number, b: number): number {
  return b === 0 ? 0 : round(a / b, 2);
}

function median(results: WorkerResult[]): WorkerResult {
  const sorted = [...results].sort(
    (a, b) => a.sendsPerSecond - b.sendsPerSecond,
  );
  return sorted[Math.floor(sorted.length / 2)];
}

function log(line: string): void {
  process.stdout.write(`${line}\n`);
}

/** Rounds interleave the clients, so a slow moment of the machine does not land on one client only. */
async function benchMailer(url: string): Promise<WorkerResult[]> {
  const all: WorkerResult[] = [];
  for (let round = 1; round <= SIZES.rounds; round++) {
    for (const concurrency of [1, 64]) {
      for (const client of CLIENTS) {
        const r = await runWorker(
          client,
          url,
          SIZES.sends,
          concurrency,
          SIZES.warmup,
        );
        all.push(r);
        log(
          `  round ${round} ${client.padEnd(12)} c=${String(concurrency).padEnd(3)} ${String(r.sendsPerSecond).padStart(6)} sends/s ` +
            `p50 ${r.p50Ms} ms p99 ${r.p99Ms} ms cpu ${r.cpuUsPerSend} us/send rss +${r.rssGrowthMb} MB`,
        );
      }
    }
  }
  return [1, 64].flatMap((c) =>
    CLIENTS.map((client) =>
      median(all.filter((r) => r.client === client && r.concurrency === c)),
    ),
  );
}

async function main(): Promise<void> {
  const started = Date.now();
  const report: BenchReport = {
    date: new Date().toISOString(),
    quick,
    command: `npm run bench${quick ? ' -- --quick' : ''}`,
    machine: machine(),
    rounds: SIZES.rounds,
    ratios: {},
  };
  log(
    `bench ${quick ? '(quick)' : '(full)'}: ${report.machine.cores} cores, ${report.machine.cpu}, Node ${report.machine.node}`,
  );

  // The mailbox must hold every code the verify phase reads back.
  const sandbox = forkBench<{ url: string }>('sandbox.child.ts', [
    String(SIZES.verifyCodes * 2),
  ]);
  const { url } = await sandbox.ready;
  try {
    if (!only || only === 'mailer') {
      log(
        `send path: ${SIZES.sends} sends per client and concurrency, warm-up ${SIZES.warmup}, ${SIZES.rounds} round(s)`,
      );
      const mailer = await benchMailer(url);
      report.mailer = mailer;
      const at64 = (client: ClientName) =>
        mailer.find(
          (r) => r.client === client && r.concurrency === 64,
        ) as WorkerResult;
      Object.assign(report.ratios, {
        'mailer/official': ratio(
          at64('mailer').sendsPerSecond,
          at64('official').sendsPerSecond,
        ),
        'mailer/undici': ratio(
          at64('mailer').sendsPerSecond,
          at64('undici').sendsPerSecond,
        ),
        'mailer/official CPU per send': ratio(
          at64('mailer').cpuUsPerSend,
          at64('official').cpuUsPerSend,
        ),
        'mailer/mailer-http': ratio(
          at64('mailer').sendsPerSecond,
          at64('mailer-http').sendsPerSecond,
        ),
      });
    }
    if (!only || only === 'memory') {
      log(
        `memory: ${SIZES.memorySends} sends through the mailer at concurrency 64`,
      );
      const sampleEvery = Math.max(1, Math.floor(SIZES.memorySends / 50));
      report.memory = await runWorker(
        'mailer',
        url,
        SIZES.memorySends,
        64,
        SIZES.warmup,
        sampleEvery,
      );
      log(`  RSS growth after warm-up: ${report.memory.rssGrowthMb} MB`);
      report.ratios['memory RSS growth MB'] = report.memory.rssGrowthMb;
    }
    if (!only || only === 'api') {
      log(
        `api: ${SIZES.apiSeconds} s of code requests, then ${SIZES.verifyCodes} verifies, ${SIZES.connections} connections`,
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
      report.api = api;
      const by = (name: string) =>
        api.find((r) => r.target === name) as ApiTargetResult;
      const [ours, redis, floor, peer] = [
        by('auth-api'),
        by('auth-api+redis'),
        by('floor'),
        by('peer'),
      ];
      Object.assign(report.ratios, {
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
        'api-request redis/memory': ratio(
          redis.request.requestsPerSecond,
          ours.request.requestsPerSecond,
        ),
        'api-verify redis/memory': ratio(
          redis.verify.requestsPerSecond,
          ours.verify.requestsPerSecond,
        ),
        'api non-2xx (all servers)': api.reduce(
          (n, r) =>
            n +
            r.request.non2xx +
            r.verify.non2xx +
            r.request.errors +
            r.verify.errors,
          0,
        ),
      });
    }
  } finally {
    await stop(sandbox.child);
  }

  report.durationSeconds = round((Date.now() - started) / 1000, 1);
  const markdown = toMarkdown(report);
  const dir = join(__dirname, 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'latest.json'),
    `${JSON.stringify(report, null, 2)}\n`,
  );
  writeFileSync(join(dir, 'latest.md'), markdown);
  log(`\n${markdown}`);
  log(
    `(${report.durationSeconds} s; written to bench/results/latest.json and latest.md)`,
  );
  log(summaryLine(report.ratios));
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof Error ? error.stack : String(error)}\n`,
  );
  process.exit(1);
});
