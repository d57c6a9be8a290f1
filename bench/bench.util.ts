import { fork, type ChildProcess } from 'node:child_process';
import { cpus } from 'node:os';
import { join } from 'node:path';

/** Runs `count` calls of `fn` with at most `concurrency` in flight; returns each call's latency in ms. */
export async function runConcurrently(
  count: number,
  concurrency: number,
  fn: (index: number) => Promise<unknown>,
): Promise<Float64Array> {
  const latencies = new Float64Array(count);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < count; i = next++) {
      const started = performance.now();
      await fn(i);
      latencies[i] = performance.now() - started;
    }
  };
  await Promise.all(
    Array.from({ length: Math.min(concurrency, count) }, worker),
  );
  return latencies;
}

export function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[
    Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))
  ];
}

export function round(value: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

export function machine(): {
  cores: number;
  cpu: string;
  node: string;
  platform: string;
} {
  const list = cpus();
  return {
    cores: list.length,
    cpu: list[0]?.model ?? 'unknown',
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
  };
}

/** The arguments every bench child is forked with: the TypeScript loader and the path aliases. */
const LOADER = ['-r', '@swc-node/register', '-r', 'tsconfig-paths/register'];
export const ROOT = join(__dirname, '..');

/** Forks a bench script in its own process; resolves with the first message it sends. */
export function forkBench<T>(
  script: string,
  args: string[],
  options: { env?: Record<string, string>; execArgv?: string[] } = {},
): { child: ChildProcess; ready: Promise<T> } {
  const child = fork(join(__dirname, script), args, {
    cwd: ROOT,
    execArgv: [...LOADER, ...(options.execArgv ?? [])],
    env: {
      ...process.env,
      TS_NODE_PROJECT: join(ROOT, 'tsconfig.base.json'),
      ...options.env,
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const ready = new Promise<T>((resolve, reject) => {
    child.once('message', (message) => resolve(message as T));
    child.once('exit', (code) =>
      reject(new Error(`${script} exited with ${code} before it answered`)),
    );
    child.once('error', reject);
  });
  return { child, ready };
}

/** Stops a forked child and waits for it. */
export async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => resolve()),
  );
  child.kill('SIGTERM');
  await Promise.race([
    exited,
    new Promise((resolve) => setTimeout(resolve, 5_000)),
  ]);
  if (child.exitCode === null) child.kill('SIGKILL');
}
