import {
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validatePostmarkConfig } from '@app/postmark-mailer';
import {
  DEFAULT_SANDBOX_TOKEN,
  startPostmarkSandbox,
  type PostmarkSandbox,
} from '@app/postmark-sandbox';
import type { Response } from 'supertest';
import { SAMPLE } from './admin.fixture';
import { startHarness, TEMPLATES, type Harness } from './auth-api.harness';

const KEY = 'admin-key-0123456789-abcdef';
const auth = { Authorization: `Bearer ${KEY}` };
/** A second token the sandbox accepts: the one that is saved and must never come back. */
const SECRET = 'secret-server-token-5f1c2a9e7d3b';
const ENV_FROM = 'Auth API <no-reply@example.com>';

const JSONC_TEMPLATES = `[
  // the connector's example, as users paste it
  { "usageType": "Register", "templateAlias": "logto-register", },
  { "usageType": "SignIn", "templateAlias": "logto-sign-in", },
  { "usageType": "ForgotPassword", "templateAlias": "logto-forgot-password", },
  { "usageType": "Generic", "templateAlias": "logto-generic", },
]`;

function violationsOf(input: unknown): readonly string[] {
  try {
    validatePostmarkConfig(input, 'candidate Postmark config');
  } catch (error) {
    return (error as { violations: readonly string[] }).violations;
  }
  throw new Error('expected the config to be invalid');
}

describe('admin: save the Postmark config (PUT /v1/admin/postmark/config, e2e)', () => {
  let sandbox: PostmarkSandbox;
  let dataDir: string;
  let h: Harness;
  /** Every response of this suite, to prove the token never comes back. */
  const responses: Response[] = [];
  const record = (res: Response): Response => {
    responses.push(res);
    return res;
  };
  const start = () =>
    startHarness({ sandbox, env: { ADMIN_API_KEY: KEY, DATA_DIR: dataDir } });
  const file = () => join(dataDir, 'postmark-config.json');
  const put = async (body: unknown) =>
    record(
      await h.http
        .put('/v1/admin/postmark/config')
        .set(auth)
        .send(body as object),
    );
  const active = async () =>
    record(await h.http.get('/v1/admin/postmark/config').set(auth).expect(200))
      .body;
  const requestCode = async (email: string, usageType = 'SignIn') => {
    record(
      await h.http
        .post('/v1/verification-codes')
        .send({ email, usageType })
        .expect(202),
    );
    return h.sandbox.messages({ to: email })[0];
  };

  beforeAll(async () => {
    sandbox = await startPostmarkSandbox({
      port: 0,
      host: '127.0.0.1',
      serverTokens: [DEFAULT_SANDBOX_TOKEN, SECRET],
    });
    dataDir = mkdtempSync(join(tmpdir(), 'auth-api-config-'));
    h = await start();
  });
  afterAll(async () => {
    await h?.close();
    await sandbox?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('needs the admin key', async () => {
    const res = record(
      await h.http.put('/v1/admin/postmark/config').send(SAMPLE),
    );
    expect(res.status).toBe(401);
    expect(res.body.error).toBe('unauthorized');
  });

  it('an invalid config -> 400 with the mailer violations; the active config and the file are unchanged', async () => {
    const invalid = {
      serverToken: SECRET,
      fromEmail: 'not an address',
      templates: [{ usageType: 'SignIn', templateAlias: '' }],
    };
    const res = await put(invalid);
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('validation_failed');
    expect(res.body.message).toEqual([...violationsOf(invalid)]);
    expect(res.body.message.join('\n')).toMatch(/fromEmail/);
    expect((await active()).fromEmail).toBe(ENV_FROM);
    expect(() => statSync(file())).toThrow();
    expect((await requestCode('invalid-then@example.org')).From).toBe(ENV_FROM);
  });

  it('a JSONC syntax error in templates names the line and column', async () => {
    const res = await put({
      ...SAMPLE,
      templates: '[\n  { "usageType": "SignIn" "templateAlias": "x" },\n]',
    });
    expect(res.status).toBe(400);
    expect(res.body.message).toEqual([
      expect.stringMatching(/^templates: \w+ at line 2, column \d+$/),
    ]);
  });

  it('options that cannot be saved are refused', async () => {
    const res = await put({ ...SAMPLE, apiUrl: 'https://evil.example' });
    expect(res.status).toBe(400);
    expect(res.body.message).toEqual([
      expect.stringMatching(/^apiUrl: is not a known option/),
    ]);
    expect((await active()).apiUrl).toBe(sandbox.url);
  });

  it('a config with a missing alias is rejected naming the alias; nothing is saved', async () => {
    const res = await put({
      ...SAMPLE,
      fromEmail: 'Missing <missing@example.com>',
      templates: SAMPLE.templates.map((t) =>
        t.usageType === 'ForgotPassword'
          ? { ...t, templateAlias: 'acme-forgot-missing' }
          : t,
      ),
    });
    expect(res.status).toBe(502);
    expect(res.body).toMatchObject({
      error: 'email_provider_misconfigured',
      code: 'TEMPLATE_NOT_FOUND',
    });
    expect(res.body.message).toEqual([
      expect.stringMatching(
        /^templates\[2\]\.templateAlias: ForgotPassword "acme-forgot-missing": .*acme-forgot-missing/,
      ),
    ]);
    expect((await active()).fromEmail).toBe(ENV_FROM);
    expect(() => statSync(file())).toThrow();
  });

  it('a refused token is rejected naming the token', async () => {
    const res = await put({
      ...SAMPLE,
      serverToken: 'refused-token-0123456789',
    });
    expect(res.status).toBe(502);
    expect(res.body.code).toBe('UNAUTHORIZED');
    expect(res.body.message[0]).toMatch(/^serverToken: /);
    expect(JSON.stringify(res.body)).not.toContain('refused-token-0123456789');
    expect((await active()).fromEmail).toBe(ENV_FROM);
  });

  it('a valid config (JSONC templates) is checked, saved (0600) and used by the next verification email', async () => {
    const res = await put({
      serverToken: SECRET,
      fromEmail: 'Acme <no-reply@example.com>',
      templates: JSONC_TEMPLATES,
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      source: 'saved',
      storage: 'file',
      fromEmail: 'Acme <no-reply@example.com>',
      serverToken: 'secr…',
      templates: TEMPLATES,
      savedAt: expect.any(String),
    });
    const saved = JSON.parse(readFileSync(file(), 'utf8'));
    expect(saved).toMatchObject({
      version: 1,
      config: {
        serverToken: SECRET,
        fromEmail: 'Acme <no-reply@example.com>',
        templates: TEMPLATES,
      },
    });
    expect(statSync(file()).mode & 0o777).toBe(0o600);
    expect(await active()).toMatchObject({
      source: 'saved',
      fromEmail: 'Acme <no-reply@example.com>',
    });

    const message = await requestCode('after-save@example.org');
    expect(message.From).toBe('Acme <no-reply@example.com>');
    expect(message.TemplateAlias).toBe('logto-sign-in');
  });

  it('the masked token (as GET shows it) keeps the stored token', async () => {
    const { serverToken } = await active();
    expect(serverToken).toBe('secr…');
    const res = await put({
      serverToken,
      fromEmail: 'Masked <masked@example.com>',
      templates: SAMPLE.templates,
    });
    expect(res.status).toBe(200);
    expect(JSON.parse(readFileSync(file(), 'utf8')).config).toMatchObject({
      serverToken: SECRET,
      fromEmail: 'Masked <masked@example.com>',
    });
    // The sandbox accepts the send only with a real token: the stored one was kept.
    expect((await requestCode('masked@example.org')).From).toBe(
      'Masked <masked@example.com>',
    );
  });

  it('test and check accept the masked token and JSONC templates (the page sends the form as it is)', async () => {
    const config = {
      serverToken: 'secr…',
      fromEmail: 'Page <page@example.com>',
      templates: JSONC_TEMPLATES,
    };
    const test = record(
      await h.http
        .post('/v1/admin/postmark/test')
        .set(auth)
        .send({ to: 'page-test@example.org', config }),
    );
    expect(test.status).toBe(200);
    expect(sandbox.messages({ to: 'page-test@example.org' })[0].From).toBe(
      'Page <page@example.com>',
    );
    const check = record(
      await h.http.post('/v1/admin/postmark/check').set(auth).send({ config }),
    );
    expect(check.status).toBe(200);
    expect(check.body.ok).toBe(true);
    expect(check.body.templates).toHaveLength(4);
  });

  it('concurrent saves are serialized and leave one valid file matching the active config', async () => {
    const froms = Array.from(
      { length: 12 },
      (_, i) => `Concurrent ${i} <c${i}@example.com>`,
    );
    const results = await Promise.all(
      froms.map((fromEmail) =>
        put({ serverToken: SECRET, fromEmail, templates: SAMPLE.templates }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(froms.map(() => 200));
    const saved = JSON.parse(readFileSync(file(), 'utf8'));
    expect(froms).toContain(saved.config.fromEmail);
    expect(saved.config.serverToken).toBe(SECRET);
    expect((await active()).fromEmail).toBe(saved.config.fromEmail);
    expect(readdirSync(dataDir)).toEqual(['postmark-config.json']);
  });

  it('a restart on the same DATA_DIR picks up the saved config (and logs it, without the token)', async () => {
    const res = await put({
      serverToken: SECRET,
      fromEmail: 'Restart <restart@example.com>',
      templates: SAMPLE.templates,
    });
    expect(res.status).toBe(200);
    await h.close();
    h = await start();
    expect(await active()).toMatchObject({
      source: 'saved',
      fromEmail: 'Restart <restart@example.com>',
    });
    const logs = h.logs.join('\n');
    expect(logs).toMatch(/SAVED config is active/);
    expect(logs).not.toContain(SECRET);
    expect((await requestCode('restart@example.org')).From).toBe(
      'Restart <restart@example.com>',
    );
  });

  it('the token never appears in any response of this suite', () => {
    expect(responses.length).toBeGreaterThan(20);
    for (const res of responses) {
      expect(res.text).not.toContain(SECRET);
      expect(JSON.stringify(res.headers)).not.toContain(SECRET);
    }
  });
});

describe('admin: a saved config that cannot be read', () => {
  it('stops start-up with a message naming the file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'auth-api-config-bad-'));
    const sandbox = await startPostmarkSandbox({ port: 0, host: '127.0.0.1' });
    try {
      writeFileSync(
        join(dir, 'postmark-config.json'),
        '{ "version": 1, "config": ',
      );
      await expect(
        startHarness({ sandbox, env: { DATA_DIR: dir } }),
      ).rejects.toThrow(/postmark-config\.json is not valid JSON/);
    } finally {
      await sandbox.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
