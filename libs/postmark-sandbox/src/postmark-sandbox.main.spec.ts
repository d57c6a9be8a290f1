/**
 * The standalone entry, run the way `npx nx serve postmark-sandbox` runs it
 * (`node -r @swc-node/register .../postmark-sandbox.main.ts` from the workspace root).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

const WORKSPACE_ROOT = resolve(__dirname, '../../..');
const MAIN = 'libs/postmark-sandbox/src/postmark-sandbox.main.ts';

function startMain(env: Record<string, string>): {
  child: ChildProcess;
  output: () => string;
  url: Promise<string>;
} {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', MAIN], {
    cwd: WORKSPACE_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = new Promise<string>((resolveUrl, reject) => {
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match?.[1]) resolveUrl(match[1]);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', (code) =>
      reject(new Error(`sandbox exited with ${code}: ${output}`)),
    );
  });
  url.catch(() => undefined); // a test that expects the exit does not await the URL
  return { child, output: () => output, url };
}

const exited = (child: ChildProcess): Promise<number | null> =>
  new Promise((resolveExit) => {
    if (child.exitCode !== null) resolveExit(child.exitCode);
    else child.once('exit', (code) => resolveExit(code));
  });

describe('standalone sandbox (postmark-sandbox.main.ts)', () => {
  jest.setTimeout(30_000);

  it('starts from the environment, logs one line with URL and token, serves, and stops on SIGTERM', async () => {
    const { child, output, url } = startMain({
      POSTMARK_SANDBOX_PORT: '0',
      POSTMARK_SANDBOX_TOKENS: 'env-token,other',
      POSTMARK_SANDBOX_SENDER_DOMAINS: 'acme.test',
    });
    try {
      const base = await url;
      expect(base).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(output()).toContain("token 'env-token'");
      expect(output()).toContain('/sandbox/messages');

      const headers = {
        Accept: 'application/json',
        'Content-Type': 'application/json',
        'X-Postmark-Server-Token': 'env-token',
      };
      const sent = await fetch(`${base}/email/withTemplate`, {
        method: 'POST',
        headers,
        body: JSON.stringify({
          From: 'no-reply@acme.test',
          To: 'user@example.org',
          TemplateAlias: 'logto-sign-in',
          TemplateModel: { code: '123456' },
        }),
      });
      expect(sent.status).toBe(200);
      const defaultDomain = await fetch(`${base}/email/withTemplate`, {
        method: 'POST',
        headers,
        body: JSON.stringify({
          From: 'no-reply@example.com',
          To: 'user@example.org',
          TemplateAlias: 'logto-sign-in',
          TemplateModel: { code: '1' },
        }),
      });
      expect(
        ((await defaultDomain.json()) as { ErrorCode: number }).ErrorCode,
      ).toBe(400);
      const messages = (await (
        await fetch(`${base}/sandbox/messages`)
      ).json()) as { Messages: { Subject: string }[] };
      expect(messages.Messages.map((m) => m.Subject)).toEqual([
        'Your verification code is 123456',
      ]);

      child.kill('SIGTERM');
      expect(await exited(child)).toBe(0);
      expect(output()).toContain('stopped (SIGTERM)');
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('exits with 1 and a message for a bad POSTMARK_SANDBOX_PORT', async () => {
    const { child, output } = startMain({ POSTMARK_SANDBOX_PORT: 'nope' });
    expect(await exited(child)).toBe(1);
    expect(output()).toContain('POSTMARK_SANDBOX_PORT');
  });
});
