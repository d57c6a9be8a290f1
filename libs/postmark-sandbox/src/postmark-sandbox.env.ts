import {
  DEFAULT_SANDBOX_HOST,
  DEFAULT_STANDALONE_PORT,
  type PostmarkSandboxOptions,
} from './postmark-sandbox.options';

function list(value: string | undefined): string[] | undefined {
  if (value === undefined || value.trim() === '') {
    return undefined;
  }
  const items = value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
  return items.length > 0 ? items : undefined;
}

/**
 * Options for the standalone sandbox from the environment:
 * `POSTMARK_SANDBOX_PORT` (default 3025, `0` for a free port), `POSTMARK_SANDBOX_HOST` (default 127.0.0.1),
 * `POSTMARK_SANDBOX_TOKENS` and `POSTMARK_SANDBOX_SENDER_DOMAINS` (comma-separated, replace the defaults).
 * Throws an `Error` naming the variable when one is malformed.
 */
export function readSandboxEnv(
  env: NodeJS.ProcessEnv = process.env,
): PostmarkSandboxOptions {
  const rawPort = env['POSTMARK_SANDBOX_PORT']?.trim();
  let port = DEFAULT_STANDALONE_PORT;
  if (rawPort !== undefined && rawPort !== '') {
    if (!/^\d+$/.test(rawPort) || Number(rawPort) > 65535) {
      throw new Error(
        `POSTMARK_SANDBOX_PORT must be a port number from 0 to 65535, got '${rawPort}'`,
      );
    }
    port = Number(rawPort);
  }
  const host = env['POSTMARK_SANDBOX_HOST']?.trim() || DEFAULT_SANDBOX_HOST;
  const options: PostmarkSandboxOptions = { port, host };
  const serverTokens = list(env['POSTMARK_SANDBOX_TOKENS']);
  if (serverTokens) {
    options.serverTokens = serverTokens;
  }
  const senderDomains = list(env['POSTMARK_SANDBOX_SENDER_DOMAINS']);
  if (senderDomains) {
    options.senderDomains = senderDomains;
  }
  return options;
}
