import type { ApiTargetResult } from './api.bench';
import type { WorkerResult } from './mailer.worker';

export interface BenchReport {
  date: string;
  quick: boolean;
  command: string;
  machine: { cores: number; cpu: string; node: string; platform: string };
  rounds: number;
  mailer?: WorkerResult[];
  memory?: WorkerResult;
  api?: ApiTargetResult[];
  ratios: Record<string, number>;
  durationSeconds?: number;
}

const row = (cells: Array<string | number>) => `| ${cells.join(' | ')} |`;

/** The results as a Markdown document: what ran, on what, and the ratios against the baselines. */
export function toMarkdown(report: BenchReport): string {
  const lines = [
    `# Bench results`,
    '',
    `\`${report.command}\` on ${report.date.slice(0, 10)}: ${report.machine.cores} cores (${report.machine.cpu}), ` +
      `Node ${report.machine.node}, ${report.machine.platform}; ` +
      `${report.rounds === 1 ? 'one round' : `median of ${report.rounds} rounds`} per client.`,
    '',
  ];
  if (report.mailer) {
    lines.push(
      '## Send path (client process only; the sandbox runs in another process)',
      '',
      row([
        'client',
        'concurrency',
        'sends/s',
        'p50 ms',
        'p99 ms',
        'CPU us/send',
        'RSS growth MB',
      ]),
      row(['---', '---:', '---:', '---:', '---:', '---:', '---:']),
      ...report.mailer.map((r) =>
        row([
          r.client,
          r.concurrency,
          r.sendsPerSecond,
          r.p50Ms,
          r.p99Ms,
          r.cpuUsPerSend,
          r.rssGrowthMb,
        ]),
      ),
      '',
      '`mailer`: `VerificationMailer.sendVerificationCode` in a Nest application context (undici adapter); ' +
        "`mailer-http`: the same with `httpAdapter: http`; `official`: the `postmark` client's `sendEmailWithTemplate`; " +
        '`undici`: a raw undici `Pool` posting the same JSON (the floor).',
      '',
    );
  }
  if (report.memory) {
    const m = report.memory;
    lines.push(
      '## Memory',
      '',
      `${m.sends} sends through the mailer at concurrency ${m.concurrency}: RSS growth after warm-up ${m.rssGrowthMb} MB` +
        (m.rssSamplesMb?.length
          ? ` (samples ${m.rssSamplesMb[0]} .. ${Math.max(...m.rssSamplesMb)} MB).`
          : '.'),
      '',
    );
  }
  if (report.api) {
    lines.push(
      '## API (autocannon; unique email per request; non-2xx must be 0)',
      '',
      row([
        'server',
        'request req/s',
        'p50 ms',
        'p99 ms',
        'non-2xx',
        'verify req/s',
        'p50 ms',
        'p99 ms',
        'non-2xx',
      ]),
      row([
        '---',
        '---:',
        '---:',
        '---:',
        '---:',
        '---:',
        '---:',
        '---:',
        '---:',
      ]),
      ...report.api.map((r) =>
        row([
          r.target,
          r.request.requestsPerSecond,
          r.request.p50Ms,
          r.request.p99Ms,
          r.request.non2xx + r.request.errors,
          r.verify.requestsPerSecond,
          r.verify.p50Ms,
          r.verify.p99Ms,
          r.verify.non2xx + r.verify.errors,
        ]),
      ),
      '',
      '`floor`: bare `node:http` doing the same work (randomInt, HMAC, a Map, an undici send); ' +
        '`peer`: NestJS on Express with the default `ValidationPipe`, the official `postmark` client and a Map; ' +
        '`auth-api`: this app from its build in production mode (in-memory store, then Redis).',
      '',
    );
  }
  lines.push('## Ratios', '', row(['ratio', 'value']), row(['---', '---:']));
  for (const [name, value] of Object.entries(report.ratios))
    lines.push(row([name, value]));
  lines.push('');
  return lines.join('\n');
}

/** The one line the bench ends with. */
export function summaryLine(ratios: Record<string, number>): string {
  const keys = [
    'mailer/official',
    'mailer/undici',
    'api-request/peer',
    'api-verify/peer',
    'api-request/floor',
    'api-verify/floor',
  ];
  return `bench: ${keys.map((k) => `${k}=${ratios[k] ?? 'n/a'}`).join(' ')}`;
}
