// One client of the send-path bench, in a process of its own: warm up, then `sends` sends at
// `concurrency`, measuring wall time, latency, client CPU and RSS of this process only.
import { NestFactory } from '@nestjs/core';
import { ServerClient } from 'postmark';
import { Pool } from 'undici';
import {
  LOGTO_EXAMPLE_TEMPLATES,
  PostmarkMailerModule,
  VerificationMailer,
} from '@app/postmark-mailer';
import { DEFAULT_SANDBOX_TOKEN } from '@app/postmark-sandbox';
import { percentile, round, runConcurrently } from './bench.util';

export type ClientName = 'mailer' | 'mailer-http' | 'official' | 'undici';

export interface WorkerResult {
  client: ClientName;
  concurrency: number;
  sends: number;
  sendsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  cpuUsPerSend: number;
  rssGrowthMb: number;
  rssSamplesMb?: number[];
}

const TEMPLATES = LOGTO_EXAMPLE_TEMPLATES.map((template) => ({ ...template }));
const FROM = 'Bench <no-reply@example.com>';
const to = (i: number) => `user${i}@example.org`;
const code = (i: number) => String(100000 + (i % 900000));

async function createClient(
  client: ClientName,
  url: string,
  connections: number,
): Promise<{
  send: (i: number) => Promise<unknown>;
  close: () => Promise<void>;
}> {
  if (client === 'mailer' || client === 'mailer-http') {
    const app = await NestFactory.createApplicationContext(
      PostmarkMailerModule.forRoot({
        serverToken: DEFAULT_SANDBOX_TOKEN,
        fromEmail: FROM,
        templates: TEMPLATES,
        apiUrl: url,
        connections,
        httpAdapter: client === 'mailer' ? 'undici' : 'http',
      }),
      { logger: ['error', 'warn'] },
    );
    const mailer = app.get(VerificationMailer);
    return {
      send: (i) =>
        mailer.sendVerificationCode({
          to: to(i),
          usageType: 'SignIn',
          code: code(i),
        }),
      close: () => app.close(),
    };
  }
  if (client === 'official') {
    const { host } = new URL(url);
    const postmark = new ServerClient(DEFAULT_SANDBOX_TOKEN, {
      requestHost: host,
      useHttps: false,
      timeout: 30,
    });
    return {
      send: (i) =>
        postmark.sendEmailWithTemplate({
          From: FROM,
          To: to(i),
          TemplateAlias: 'logto-sign-in',
          TemplateModel: { code: code(i) },
          MessageStream: 'outbound',
          Tag: 'SignIn',
        }),
      close: async () => undefined,
    };
  }
  const pool = new Pool(url, { connections });
  const headers = {
    accept: 'application/json',
    'content-type': 'application/json',
    'x-postmark-server-token': DEFAULT_SANDBOX_TOKEN,
  };
  return {
    send: async (i) => {
      const { statusCode, body } = await pool.request({
        method: 'POST',
        path: '/email/withTemplate',
        headers,
        body: JSON.stringify({
          From: FROM,
          To: to(i),
          TemplateAlias: 'logto-sign-in',
          TemplateModel: { code: code(i) },
          MessageStream: 'outbound',
          Tag: 'SignIn',
        }),
      });
      const answer = (await body.json()) as { MessageID?: string };
      if (statusCode !== 200 || !answer.MessageID)
        throw new Error(`undici send failed: ${statusCode}`);
    },
    close: () => pool.close(),
  };
}

async function main(): Promise<void> {
  const [client, url, sendsArg, concurrencyArg, warmupArg, sampleArg] =
    process.argv.slice(2);
  const sends = Number(sendsArg);
  const concurrency = Number(concurrencyArg);
  const warmup = Number(warmupArg);
  const sampleEvery = Number(sampleArg ?? 0);
  const target = await createClient(client as ClientName, url, 64);

  await runConcurrently(warmup, concurrency, (i) => target.send(i));
  global.gc?.();
  const rssSamplesMb: number[] = [];
  const rssBefore = process.memoryUsage.rss();
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const latencies = await runConcurrently(sends, concurrency, async (i) => {
    await target.send(warmup + i);
    if (sampleEvery && i % sampleEvery === 0)
      rssSamplesMb.push(round(process.memoryUsage.rss() / 2 ** 20, 1));
  });
  const elapsedMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  global.gc?.();
  const rssAfter = process.memoryUsage.rss();
  await target.close();

  latencies.sort();
  const result: WorkerResult = {
    client: client as ClientName,
    concurrency,
    sends,
    sendsPerSecond: round(sends / (elapsedMs / 1000), 0),
    p50Ms: round(percentile(latencies, 50), 3),
    p99Ms: round(percentile(latencies, 99), 3),
    cpuUsPerSend: round((cpu.user + cpu.system) / sends, 1),
    rssGrowthMb: round((rssAfter - rssBefore) / 2 ** 20, 1),
    ...(sampleEvery ? { rssSamplesMb } : {}),
  };
  process.send?.(result);
  process.disconnect?.();
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof Error ? error.stack : String(error)}\n`,
  );
  process.exit(1);
});
