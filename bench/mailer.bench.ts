import { forkBench, stop } from './bench.util';
import type { ClientName, WorkerResult } from './mailer.worker';

export interface MailerBenchOptions {
  sandboxUrl: string;
  sends: number;
  warmup: number;
  concurrencies: number[];
  clients: ClientName[];
}

/** Each client at each concurrency, each in a fresh process, against the same sandbox. */
export async function benchMailer(
  options: MailerBenchOptions,
): Promise<WorkerResult[]> {
  const results: WorkerResult[] = [];
  for (const concurrency of options.concurrencies) {
    for (const client of options.clients) {
      results.push(
        await runWorker(
          client,
          options.sandboxUrl,
          options.sends,
          concurrency,
          options.warmup,
        ),
      );
      const r = results[results.length - 1];
      process.stdout.write(
        `  ${client.padEnd(12)} c=${String(concurrency).padEnd(3)} ${String(r.sendsPerSecond).padStart(6)} sends/s ` +
          `p50 ${r.p50Ms} ms p99 ${r.p99Ms} ms cpu ${r.cpuUsPerSend} us/send rss +${r.rssGrowthMb} MB\n`,
      );
    }
  }
  return results;
}

export async function runWorker(
  client: ClientName,
  sandboxUrl: string,
  sends: number,
  concurrency: number,
  warmup: number,
  sampleEvery = 0,
): Promise<WorkerResult> {
  const args = [
    client,
    sandboxUrl,
    String(sends),
    String(concurrency),
    String(warmup),
    String(sampleEvery),
  ];
  const { child, ready } = forkBench<WorkerResult>('mailer.worker.ts', args, {
    execArgv: ['--expose-gc'],
  });
  try {
    return await ready;
  } finally {
    await stop(child);
  }
}
