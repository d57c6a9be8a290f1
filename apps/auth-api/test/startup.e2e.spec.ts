import { startAuthApi } from '../src/bootstrap/auth-api.runner';
import { JsonLogger } from '../src/logging/json.logger';

const quiet = (): {
  logger: JsonLogger;
  lines: string[];
  write: (t: string) => void;
  out: string[];
} => {
  const lines: string[] = [];
  const out: string[] = [];
  return {
    logger: new JsonLogger((l) => lines.push(l)),
    lines,
    write: (t) => out.push(t),
    out,
  };
};

/** The error start-up fails with (the test fails if it starts). */
async function startupError(env: Record<string, string>): Promise<Error> {
  let running;
  try {
    running = await startAuthApi(env, quiet());
  } catch (error) {
    return error as Error;
  }
  await running.close();
  throw new Error('the app started');
}

describe('start-up (what npm start runs)', () => {
  it('without POSTMARK_SERVER_TOKEN outside production: starts the sandbox in-process and says so in one block', async () => {
    const io = quiet();
    const running = await startAuthApi(
      { PORT: '0', HOST: '127.0.0.1', POSTMARK_SANDBOX_PORT: '0' },
      io,
    );
    try {
      expect(running.sandbox).toBeDefined();
      const banner = io.out.join('');
      expect(banner).toContain('POSTMARK SANDBOX MODE');
      expect(banner).toContain(`${running.sandbox?.url}/sandbox/messages?to=`);
      expect(banner).not.toContain('sandbox-server-token');
      const res = await fetch(`${running.url}/v1/verification-codes`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'dev@example.com', usageType: 'SignIn' }),
      });
      expect(res.status).toBe(202);
      expect(
        running.sandbox?.messages({ to: 'dev@example.com' })[0].TemplateModel?.[
          'code'
        ],
      ).toMatch(/^\d{6}$/);
    } finally {
      await running.close();
    }
  });

  it('NODE_ENV=production without a token: refuses to start, naming the variable', async () => {
    await expect(
      startAuthApi(
        { NODE_ENV: 'production', CODE_HMAC_SECRET: 'x'.repeat(32), PORT: '0' },
        quiet(),
      ),
    ).rejects.toThrow(/POSTMARK_SERVER_TOKEN is required/);
  });

  it('NODE_ENV=production without CODE_HMAC_SECRET: refuses to start', async () => {
    await expect(
      startAuthApi(
        { NODE_ENV: 'production', POSTMARK_SERVER_TOKEN: 'tok', PORT: '0' },
        quiet(),
      ),
    ).rejects.toThrow(/CODE_HMAC_SECRET is required/);
  });

  it('an invalid Postmark config: refuses to start with every violation and without the token', async () => {
    const token = 'very-secret-server-token-123';
    const error = await startupError({
      PORT: '0',
      POSTMARK_SERVER_TOKEN: token,
      POSTMARK_FROM_EMAIL: 'not an address',
      POSTMARK_TEMPLATES:
        '[{ "usageType": "SignIn", "templateAlias": "logto-sign-in", },]',
    });
    expect(error.message).toMatch(/fromEmail/);
    expect(error.message).toMatch(/missing usage types? .*Register/);
    expect(error.message).not.toContain(token);
  });

  it('a malformed POSTMARK_TEMPLATES names the variable and the position', async () => {
    const error = await startupError({
      PORT: '0',
      POSTMARK_SERVER_TOKEN: 'tok',
      POSTMARK_TEMPLATES: '[{',
    });
    expect(error.message).toMatch(/POSTMARK_TEMPLATES/);
  });
});
