import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import {
  LOGTO_EXAMPLE_TEMPLATES,
  type PostmarkMailerOptions,
} from '@app/postmark-mailer';
import {
  DEFAULT_SANDBOX_TOKEN,
  startPostmarkSandbox,
  type PostmarkSandbox,
  type PostmarkSandboxOptions,
} from '@app/postmark-sandbox';
import request from 'supertest';
import { createAuthApi } from '../src/bootstrap/auth-api.app';
import { loadAuthApiConfig } from '../src/config/auth-api.config';
import { JsonLogger, logLevelsFrom } from '../src/logging/json.logger';

/** The connector example's templates, which the sandbox serves. */
export const TEMPLATES = LOGTO_EXAMPLE_TEMPLATES;

export const TEST_HMAC_SECRET = 'test-hmac-secret-0123456789-abcdefghijkl';

export interface HarnessOptions {
  /** Environment of the app (on top of fast test defaults); process.env is not read. */
  env?: Record<string, string | undefined>;
  /** Postmark options overriding the sandbox defaults. */
  postmark?: Partial<PostmarkMailerOptions>;
  /** Use this sandbox instead of starting one. */
  sandbox?: PostmarkSandbox;
  sandboxOptions?: PostmarkSandboxOptions;
  /** Receives every log line of the app. */
  logSink?: (line: string) => void;
}

export interface Harness {
  app: NestFastifyApplication;
  sandbox: PostmarkSandbox;
  url: string;
  http: ReturnType<typeof request>;
  logs: string[];
  /** The code of the newest email to `to` in the sandbox mailbox. */
  lastCode(to: string): string | undefined;
  /** `POST /v1/verification-codes` (chain `.expect(...)` or await the response). */
  requestCode(email: string, usageType: string): request.Test;
  /** `POST /v1/verification-codes/verify`. */
  verify(
    email: string,
    usageType: string,
    code: string | undefined,
  ): request.Test;
  close(): Promise<void>;
}

/** The real app on 127.0.0.1 and a free port, sending to an in-process sandbox on a free port. */
export async function startHarness(
  options: HarnessOptions = {},
): Promise<Harness> {
  // Config first: an invalid one must not leave a sandbox listening.
  const config = loadAuthApiConfig({
    NODE_ENV: 'test',
    CODE_HMAC_SECRET: TEST_HMAC_SECRET,
    THROTTLE_LIMIT: '100000',
    POSTMARK_RETRY_ATTEMPTS: '3',
    POSTMARK_RETRY_BASE_DELAY_MS: '1',
    POSTMARK_RETRY_MAX_DELAY_MS: '5',
    ...options.env,
  });
  const ownSandbox = !options.sandbox;
  const sandbox =
    options.sandbox ??
    (await startPostmarkSandbox({
      port: 0,
      host: '127.0.0.1',
      ...options.sandboxOptions,
    }));
  const logs: string[] = [];
  const postmark: PostmarkMailerOptions = {
    serverToken: DEFAULT_SANDBOX_TOKEN,
    fromEmail: 'Auth API <no-reply@example.com>',
    templates: TEMPLATES.map((t) => ({ ...t })),
    apiUrl: sandbox.url,
    timeoutMs: 2_000,
    ...options.postmark,
  };
  const logger = new JsonLogger((line) => {
    logs.push(line);
    options.logSink?.(line);
  }, logLevelsFrom(config.logLevel));
  const app = await createAuthApi({ runtime: { config, postmark }, logger });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  await app.listen({ port: 0, host: '127.0.0.1' });
  const url = await app.getUrl();
  const base = url
    .replace('[::1]', '127.0.0.1')
    .replace('localhost', '127.0.0.1');
  const http = request(base);
  return {
    app,
    sandbox,
    url: base,
    http,
    requestCode: (email, usageType) =>
      http.post('/v1/verification-codes').send({ email, usageType }),
    verify: (email, usageType, code) =>
      http
        .post('/v1/verification-codes/verify')
        .send({ email, usageType, code }),
    logs,
    lastCode: (to) =>
      sandbox.messages({ to })[0]?.TemplateModel?.['code'] as
        string | undefined,
    close: async () => {
      await app.close();
      if (ownSandbox) await sandbox.close();
    },
  };
}
