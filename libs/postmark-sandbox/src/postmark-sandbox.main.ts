/**
 * Standalone sandbox: `npx nx serve postmark-sandbox`, or `node dist/libs/postmark-sandbox/src/postmark-sandbox.main.js`
 * after a build. Configured by the environment (see `readSandboxEnv`); stops on SIGINT / SIGTERM.
 */
import { DEFAULT_SANDBOX_TOKEN } from './postmark-sandbox.options';
import { readSandboxEnv } from './postmark-sandbox.env';
import { startPostmarkSandbox } from './postmark-sandbox.server';

function log(line: string): void {
  process.stdout.write(`[postmark-sandbox] ${line}\n`);
}

async function main(): Promise<void> {
  const options = readSandboxEnv(process.env);
  const sandbox = await startPostmarkSandbox(options);
  const token = options.serverTokens?.[0] ?? DEFAULT_SANDBOX_TOKEN;
  log(
    `listening on ${sandbox.url} - token '${token}', senders @${(options.senderDomains ?? ['example.com']).join(', @')}` +
      ` - read messages: curl -s ${sandbox.url}/sandbox/messages`,
  );

  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) {
      return;
    }
    stopping = true;
    sandbox.close().then(
      () => {
        log(`stopped (${signal})`);
        process.exit(0);
      },
      (error: unknown) => {
        process.stderr.write(
          `[postmark-sandbox] error while stopping: ${String(error)}\n`,
        );
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `[postmark-sandbox] could not start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
