// The floor of the API bench: the same two operations on bare node:http, with no framework,
// no validation library and no logging: randomInt, HMAC-SHA256, a Map, an undici send.
import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';
import {
  createServer,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import { Pool } from 'undici';
import { DEFAULT_SANDBOX_TOKEN } from '@app/postmark-sandbox';

const sandboxUrl = process.env['POSTMARK_API_URL'] as string;
const secret = 'floor-secret';
const pool = new Pool(sandboxUrl, { connections: 64 });
const store = new Map<
  string,
  { hash: Buffer; expiresAt: number; attempts: number }
>();
const headers = {
  accept: 'application/json',
  'content-type': 'application/json',
  'x-postmark-server-token': DEFAULT_SANDBOX_TOKEN,
};

const hmac = (code: string) =>
  createHmac('sha256', secret).update(code).digest();

function reply(res: ServerResponse, status: number, body: unknown): void {
  const json = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(json),
  });
  res.end(json);
}

async function readJson(
  req: IncomingMessage,
): Promise<Record<string, unknown>> {
  let text = '';
  for await (const chunk of req) text += chunk;
  return JSON.parse(text) as Record<string, unknown>;
}

async function requestCode(
  body: Record<string, unknown>,
  res: ServerResponse,
): Promise<void> {
  const email = String(body['email']).trim().toLowerCase();
  const usageType = String(body['usageType']);
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  const key = `${usageType}:${email}`;
  store.set(key, {
    hash: hmac(code),
    expiresAt: Date.now() + 600_000,
    attempts: 0,
  });
  const answer = await pool.request({
    method: 'POST',
    path: '/email/withTemplate',
    headers,
    body: JSON.stringify({
      From: 'Floor <no-reply@example.com>',
      To: email,
      TemplateAlias: 'logto-sign-in',
      TemplateModel: { code },
      MessageStream: 'outbound',
      Tag: usageType,
    }),
  });
  await answer.body.json();
  if (answer.statusCode !== 200) {
    store.delete(key);
    return reply(res, 502, {
      statusCode: 502,
      error: 'email_provider_misconfigured',
    });
  }
  reply(res, 202, { expiresInSeconds: 600, resendAfterSeconds: 60 });
}

function verifyCode(body: Record<string, unknown>, res: ServerResponse): void {
  const key = `${String(body['usageType'])}:${String(body['email']).trim().toLowerCase()}`;
  const entry = store.get(key);
  if (!entry || entry.expiresAt < Date.now())
    return reply(res, 400, { statusCode: 400, error: 'code_expired' });
  if (!timingSafeEqual(entry.hash, hmac(String(body['code'])))) {
    entry.attempts++;
    return reply(res, 400, { statusCode: 400, error: 'invalid_code' });
  }
  store.delete(key);
  reply(res, 200, { verified: true });
}

const server = createServer((req, res) => {
  readJson(req)
    .then((body) => {
      if (req.url === '/v1/verification-codes') return requestCode(body, res);
      if (req.url === '/v1/verification-codes/verify')
        return verifyCode(body, res);
      return reply(res, 404, { statusCode: 404, error: 'not_found' });
    })
    .catch(() => reply(res, 400, { statusCode: 400, error: 'bad_request' }));
});

server.listen(Number(process.env['PORT'] ?? 0), '127.0.0.1', () => {
  const address = server.address();
  process.send?.({
    port: typeof address === 'object' && address ? address.port : 0,
  });
});
process.once('SIGTERM', () => {
  server.close();
  void pool.close().then(() => process.exit(0));
});
