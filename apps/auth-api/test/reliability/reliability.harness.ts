import {
  startHarness,
  type Harness,
  type HarnessOptions,
} from '../auth-api.harness';
import { ledger, SECRETS } from './reliability.ledger';

/** The real app and an in-process sandbox, with this run's secret token and admin key, every log line kept. */
export async function startReliabilityHarness(
  options: HarnessOptions = {},
): Promise<Harness> {
  return startHarness({
    ...options,
    env: { ADMIN_API_KEY: SECRETS.adminKey, ...options.env },
    postmark: { serverToken: SECRETS.serverToken, ...options.postmark },
    sandboxOptions: {
      serverTokens: [SECRETS.serverToken],
      ...options.sandboxOptions,
    },
    logSink: (line) => ledger.logs.push(line),
  });
}

/** Keeps every code the sandbox delivered, for the secrets scan. */
export function collectCodes(harness: Harness): void {
  for (const message of harness.sandbox.messages()) {
    const code = message.TemplateModel?.['code'];
    if (typeof code === 'string') ledger.codes.add(code);
  }
}

/** Runs `task` over `items` with at most `concurrency` at a time. */
export async function pool<T, R>(
  items: readonly T[],
  concurrency: number,
  task: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await task(items[index], index);
      }
    }),
  );
  return results;
}
