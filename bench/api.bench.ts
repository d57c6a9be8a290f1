import autocannon from 'autocannon';
import { Pool } from 'undici';
import { round, runConcurrently } from './bench.util';

/** A server under test: started per measurement, stopped after. */
export interface ApiTarget {
  name: string;
  start(): Promise<{ url: string; stop: () => Promise<void> }>;
}

export interface ApiOperationResult {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  non2xx: number;
  errors: number;
}

export interface ApiTargetResult {
  target: string;
  request: ApiOperationResult;
  verify: ApiOperationResult;
}

export interface ApiBenchOptions {
  sandboxUrl: string;
  durationSeconds: number;
  verifyCount: number;
  connections: number;
}

const JSON_HEADERS = { 'content-type': 'application/json' };

function summarize(result: autocannon.Result): ApiOperationResult {
  return {
    requestsPerSecond: round(
      result.requests.total /
        ((result.finish.getTime() - result.start.getTime()) / 1000),
      0,
    ),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}

function cannon(options: autocannon.Options): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon(options, (error, result) =>
      error ? reject(error) : resolve(result),
    );
  });
}

/** POST /v1/verification-codes with a new email on every request. */
function requestCodes(
  url: string,
  prefix: string,
  options: ApiBenchOptions,
  durationSeconds: number,
) {
  let n = 0;
  return cannon({
    url: `${url}/v1/verification-codes`,
    method: 'POST',
    headers: JSON_HEADERS,
    connections: options.connections,
    duration: durationSeconds,
    requests: [
      {
        setupRequest: (request) => ({
          ...request,
          body: JSON.stringify({
            email: `${prefix}${n++}@bench.example.org`,
            usageType: 'SignIn',
          }),
        }),
      },
    ],
  });
}

/** Issues `count` codes and reads them back from the sandbox mailbox. */
async function issueCodes(
  url: string,
  sandboxUrl: string,
  prefix: string,
  count: number,
): Promise<Array<[string, string]>> {
  const api = new Pool(url, { connections: 16 });
  const sandbox = new Pool(sandboxUrl, { connections: 1 });
  try {
    await (
      await sandbox.request({ method: 'DELETE', path: '/sandbox/messages' })
    ).body.dump();
    await runConcurrently(count, 16, async (i) => {
      const { statusCode, body } = await api.request({
        method: 'POST',
        path: '/v1/verification-codes',
        headers: JSON_HEADERS,
        body: JSON.stringify({
          email: `${prefix}${i}@bench.example.org`,
          usageType: 'SignIn',
        }),
      });
      await body.dump();
      if (statusCode !== 202)
        throw new Error(`issuing a code answered ${statusCode}`);
    });
    const { body } = await sandbox.request({
      method: 'GET',
      path: '/sandbox/messages',
    });
    const { Messages } = (await body.json()) as {
      Messages: Array<{ To: string; TemplateModel: { code: string } }>;
    };
    const codes = Messages.filter((m) => m.To.startsWith(prefix)).map(
      (m): [string, string] => [m.To, m.TemplateModel.code],
    );
    if (codes.length !== count)
      throw new Error(
        `expected ${count} codes in the sandbox, found ${codes.length}`,
      );
    return codes;
  } finally {
    await Promise.all([api.close(), sandbox.close()]);
  }
}

function verifyCodes(
  url: string,
  codes: Array<[string, string]>,
  options: ApiBenchOptions,
) {
  let n = 0;
  return cannon({
    url: `${url}/v1/verification-codes/verify`,
    method: 'POST',
    headers: JSON_HEADERS,
    connections: options.connections,
    amount: codes.length,
    // autocannon notices the end of an amount-bound run on its sampling tick: keep it short.
    sampleInt: 25,
    requests: [
      {
        setupRequest: (request) => {
          const [email, code] = codes[n++ % codes.length];
          return {
            ...request,
            body: JSON.stringify({ email, usageType: 'SignIn', code }),
          };
        },
      },
    ],
  });
}

export async function benchApiTarget(
  target: ApiTarget,
  options: ApiBenchOptions,
): Promise<ApiTargetResult> {
  const server = await target.start();
  try {
    await requestCodes(
      server.url,
      `warm-${target.name}-`,
      options,
      Math.max(1, Math.round(options.durationSeconds / 3)),
    );
    const request = summarize(
      await requestCodes(
        server.url,
        `r-${target.name}-`,
        options,
        options.durationSeconds,
      ),
    );
    const codes = await issueCodes(
      server.url,
      options.sandboxUrl,
      `v-${target.name}-`,
      options.verifyCount,
    );
    const verify = summarize(await verifyCodes(server.url, codes, options));
    process.stdout.write(
      `  ${target.name.padEnd(16)} request ${String(request.requestsPerSecond).padStart(6)} req/s p50 ${request.p50Ms} p99 ${request.p99Ms} non2xx ${request.non2xx}` +
        ` | verify ${String(verify.requestsPerSecond).padStart(6)} req/s p50 ${verify.p50Ms} p99 ${verify.p99Ms} non2xx ${verify.non2xx}\n`,
    );
    return { target: target.name, request, verify };
  } finally {
    await server.stop();
  }
}
