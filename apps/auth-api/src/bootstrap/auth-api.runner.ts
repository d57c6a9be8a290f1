import type { Server } from 'node:http';
import type { LoggerService } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import {
  LOGTO_EXAMPLE_TEMPLATES,
  loadPostmarkConfig,
  validatePostmarkConfig,
  type PostmarkMailerOptions,
} from '@app/postmark-mailer';
import {
  DEFAULT_SANDBOX_TOKEN,
  startPostmarkSandbox,
  type PostmarkSandbox,
} from '@app/postmark-sandbox';
import {
  loadAuthApiConfig,
  type AuthApiConfig,
} from '../config/auth-api.config';
import { JsonLogger } from '../logging/json.logger';
import { createAuthApi } from './auth-api.app';

/** Longest wait for in-flight requests at shutdown; then the remaining connections are cut. */
export const SHUTDOWN_DRAIN_MS = 15_000;

/** Stops accepting connections and resolves once the open ones ended (or after `timeoutMs`, cutting them). */
export function drainHttpServer(
  server: Server,
  timeoutMs: number,
): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    const timer = setTimeout(() => server.closeAllConnections(), timeoutMs);
    timer.unref();
    server.close(() => {
      clearTimeout(timer);
      resolve();
    });
    server.closeIdleConnections();
  });
}

export interface RunningAuthApi {
  app: NestFastifyApplication;
  config: AuthApiConfig;
  /** The in-process sandbox (development without a token). */
  sandbox?: PostmarkSandbox;
  url: string;
  close(): Promise<void>;
}

export interface StartAuthApiOptions {
  logger?: LoggerService;
  /** Where the sandbox banner goes (stdout by default). */
  write?: (text: string) => void;
}

/** Reads and checks the whole configuration before anything starts; throws one error listing the problems. */
export function loadStartupConfig(
  env: Record<string, string | undefined>,
): AuthApiConfig {
  const config = loadAuthApiConfig(env);
  if (config.postmarkTokenSet) {
    // Fail fast, with every violation listed (and no value quoted), before Nest starts.
    validatePostmarkConfig({
      ...loadPostmarkConfig(env),
      retry: config.postmarkRetry,
    });
  }
  return config;
}

async function startSandbox(
  config: AuthApiConfig,
  logger: LoggerService,
  write: (text: string) => void,
) {
  const sandbox = await startPostmarkSandbox({
    port: config.sandboxPort,
    host: '127.0.0.1',
  }).catch((error: unknown) => {
    throw new Error(
      `the Postmark sandbox could not listen on 127.0.0.1:${config.sandboxPort}: ${(error as Error).message}`,
    );
  });
  write(
    [
      '',
      '==================================================================================',
      '  POSTMARK SANDBOX MODE: no POSTMARK_SERVER_TOKEN is set, so no real email is sent.',
      `  Emails go to the in-process Postmark sandbox at ${sandbox.url}`,
      `  Read them:  curl -s '${sandbox.url}/sandbox/messages?to=jane@example.com'`,
      '  Set POSTMARK_SERVER_TOKEN, POSTMARK_FROM_EMAIL and POSTMARK_TEMPLATES to use Postmark.',
      '==================================================================================',
      '',
      '',
    ].join('\n'),
  );
  logger.warn(
    `Postmark sandbox mode: emails go to ${sandbox.url} (GET ${sandbox.url}/sandbox/messages?to=<email>)`,
    'AuthApi',
  );
  const postmark: PostmarkMailerOptions = {
    serverToken: DEFAULT_SANDBOX_TOKEN,
    fromEmail: 'Auth API <no-reply@example.com>',
    templates: LOGTO_EXAMPLE_TEMPLATES.map((t) => ({ ...t })),
    apiUrl: sandbox.url,
  };
  return { sandbox, postmark };
}

/**
 * Starts the app as `npm start` does: config checked first, the sandbox in-process when there is
 * no token outside production, then listening on HOST:PORT.
 */
export async function startAuthApi(
  env: Record<string, string | undefined>,
  {
    logger = new JsonLogger(),
    write = (text) => void process.stdout.write(text),
  }: StartAuthApiOptions = {},
): Promise<RunningAuthApi> {
  const config = loadStartupConfig(env);
  const dev = config.postmarkTokenSet
    ? undefined
    : await startSandbox(config, logger, write);
  try {
    const app = await createAuthApi({
      runtime: { config, postmark: dev?.postmark },
      logger,
    });
    // Graceful shutdown: while stopping, every answer closes its connection, so a drained server has
    // no keep-alive sockets left and the in-flight requests still get their answers.
    let stopping = false;
    app
      .getHttpAdapter()
      .getInstance()
      .addHook('onSend', async (_request, reply, payload) => {
        if (stopping) reply.header('connection', 'close');
        return payload;
      });
    await app.listen({ port: config.port, host: config.host });
    const address = app.getHttpServer().address();
    const port =
      typeof address === 'object' && address ? address.port : config.port;
    const url = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}`;
    logger.log(
      `auth-api listening on ${url} (OpenAPI at ${url}/docs)`,
      'AuthApi',
    );
    return {
      app,
      config,
      sandbox: dev?.sandbox,
      url,
      close: async () => {
        stopping = true;
        // 1. Stop accepting and let the in-flight requests finish while Redis and the mailer still work.
        await drainHttpServer(app.getHttpServer(), SHUTDOWN_DRAIN_MS);
        // 2. Then the providers: Redis quits, the mailer's HTTP pool closes (onModuleDestroy / onApplicationShutdown).
        await app.close();
        await dev?.sandbox.close();
      },
    };
  } catch (error) {
    await dev?.sandbox.close().catch(() => undefined);
    throw error;
  }
}
