import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { startAuthApi } from './bootstrap/auth-api.runner';
import { JsonLogger, logLevelsFrom } from './logging/json.logger';

function fail(error: unknown): never {
  // The message only, no stack: config errors list the problems and quote no value (so never the token).
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`auth-api: cannot start: ${message}\n`);
  process.exit(1);
}

async function main(): Promise<void> {
  if (existsSync('.env') && typeof process.loadEnvFile === 'function')
    process.loadEnvFile('.env');
  const logger = new JsonLogger(
    undefined,
    logLevelsFrom(process.env['LOG_LEVEL']),
  );
  const running = await startAuthApi(process.env, { logger }).catch(fail);

  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    logger.log(`stopping (${signal})`, 'AuthApi');
    running.close().then(
      () => {
        // Everything is closed (HTTP server, Redis, the mailer's pool): the process ends on its own.
        // Should a handle still be open, say so and end anyway.
        logger.log('stopped', 'AuthApi');
        process.exitCode = 0;
        setTimeout(() => {
          logger.warn('handles still open after shutdown: exiting', 'AuthApi');
          process.exit(0);
        }, 5_000).unref();
      },
      (error: unknown) => {
        logger.error(
          `shutdown failed: ${error instanceof Error ? error.message : String(error)}`,
          'AuthApi',
        );
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

void main();
