import { forkBench, stop } from './bench.util';
import type { ClientName, WorkerResult } from './mailer.worker';

/** One client, one concurrency, in a fresh process. */
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
