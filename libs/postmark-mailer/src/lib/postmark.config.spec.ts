import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigModule, type ConfigType } from '@nestjs/config';
import { Test } from '@nestjs/testing';
import { validatePostmarkConfig } from './postmark-config.validator';
import { PostmarkMailerError } from './postmark-mailer.error';
import { loadPostmarkConfig, postmarkConfig } from './postmark.config';

/** The templates example of the connector docs, pasted as it is: JSONC with trailing commas. */
const SEED_TEMPLATES = `[
    { "usageType": "Register", "templateAlias": "logto-register", },
    { "usageType": "SignIn", "templateAlias": "logto-sign-in", },
    { "usageType": "ForgotPassword", "templateAlias": "logto-forgot-password", },
    { "usageType": "Generic", "templateAlias": "logto-generic", },
  ]`;

const SEED_CONFIG = `{
  // the connector config, as Logto shows it
  "serverToken": "file-token-abc",
  "fromEmail": "Acme <no-reply@acme.com>",
  "templates": ${SEED_TEMPLATES},
}`;

function thrown(fn: () => unknown): PostmarkMailerError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(PostmarkMailerError);
    return error as PostmarkMailerError;
  }
  throw new Error('expected an error');
}

describe('loadPostmarkConfig', () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'postmark-config-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads the single variables, with the seed JSONC templates pasted as they are', () => {
    const config = loadPostmarkConfig({
      POSTMARK_SERVER_TOKEN: 'env-token',
      POSTMARK_FROM_EMAIL: 'no-reply@acme.com',
      POSTMARK_TEMPLATES: SEED_TEMPLATES,
      POSTMARK_MESSAGE_STREAM: 'outbound',
      POSTMARK_API_URL: 'http://127.0.0.1:3025',
      POSTMARK_TIMEOUT_MS: '2500',
    });
    const resolved = validatePostmarkConfig(config);
    expect(resolved.serverToken).toBe('env-token');
    expect(resolved.templates.map((t) => t.templateAlias)).toEqual([
      'logto-register',
      'logto-sign-in',
      'logto-forgot-password',
      'logto-generic',
    ]);
    expect(resolved.apiUrl).toBe('http://127.0.0.1:3025');
    expect(resolved.timeoutMs).toBe(2500);
  });

  it('accepts a whole connector config pasted into POSTMARK_TEMPLATES', () => {
    const config = loadPostmarkConfig({ POSTMARK_TEMPLATES: SEED_CONFIG });
    expect(config.templates).toHaveLength(4);
    expect(config.serverToken).toBeUndefined();
  });

  it('reads POSTMARK_CONFIG_FILE (JSONC) and lets single variables override its fields', () => {
    const file = join(dir, 'postmark.jsonc');
    writeFileSync(file, SEED_CONFIG);
    const fromFile = validatePostmarkConfig(
      loadPostmarkConfig({ POSTMARK_CONFIG_FILE: file }),
    );
    expect(fromFile.serverToken).toBe('file-token-abc');
    expect(fromFile.fromEmail).toBe('Acme <no-reply@acme.com>');

    const overridden = validatePostmarkConfig(
      loadPostmarkConfig({
        POSTMARK_CONFIG_FILE: file,
        POSTMARK_SERVER_TOKEN: 'env-token',
        POSTMARK_FROM_EMAIL: '',
      }),
    );
    expect(overridden.serverToken).toBe('env-token');
    expect(overridden.fromEmail).toBe('Acme <no-reply@acme.com>');
  });

  it('names the variable, line and column of a JSONC syntax error, and quotes nothing', () => {
    const error = thrown(() =>
      loadPostmarkConfig({
        POSTMARK_TEMPLATES:
          '[\n  { "usageType": "SignIn" "templateAlias": "secret-ish" }\n]',
      }),
    );
    expect(error.code).toBe('INVALID_CONFIG');
    expect(error.message).toContain(
      'POSTMARK_TEMPLATES: CommaExpected at line 2, column 27',
    );
    expect(error.message).not.toContain('secret-ish');
  });

  it('names the file of a JSONC syntax error, and never the token in it', () => {
    const file = join(dir, 'broken.json');
    writeFileSync(
      file,
      '{\n  "serverToken": "file-token-abc"\n  "fromEmail": "a@b.co"\n}',
    );
    const error = thrown(() =>
      loadPostmarkConfig({ POSTMARK_CONFIG_FILE: file }),
    );
    expect(error.message).toContain(
      `POSTMARK_CONFIG_FILE ${file}: CommaExpected at line 3, column 3`,
    );
    expect(error.message).not.toContain('file-token-abc');
  });

  it('says which file cannot be read', () => {
    const error = thrown(() =>
      loadPostmarkConfig({ POSTMARK_CONFIG_FILE: join(dir, 'missing.json') }),
    );
    expect(error.message).toContain('missing.json (ENOENT)');
  });

  it("reads the retry variables over the file's retry", () => {
    const file = join(dir, 'retry.jsonc');
    writeFileSync(
      file,
      SEED_CONFIG.replace(
        '"templates"',
        '"retry": { "attempts": 5, "maxDelayMs": 900 },\n  "templates"',
      ),
    );
    const config = validatePostmarkConfig(
      loadPostmarkConfig({
        POSTMARK_CONFIG_FILE: file,
        POSTMARK_RETRY_ATTEMPTS: '1',
        POSTMARK_RETRY_BASE_DELAY_MS: '50',
      }),
    );
    expect(config.retry).toEqual({
      attempts: 1,
      baseDelayMs: 50,
      maxDelayMs: 900,
    });
    const bad = loadPostmarkConfig({
      ...{ POSTMARK_TEMPLATES: SEED_TEMPLATES },
      POSTMARK_RETRY_ATTEMPTS: 'many',
    });
    expect(thrown(() => validatePostmarkConfig(bad)).violations).toContain(
      'retry.attempts: must be an integer',
    );
  });

  it('keeps a non-numeric timeout so validation names it', () => {
    const config = loadPostmarkConfig({ POSTMARK_TIMEOUT_MS: 'soon' });
    expect(thrown(() => validatePostmarkConfig(config)).violations).toContain(
      'timeoutMs: must be an integer (ms)',
    );
  });

  it('is the @nestjs/config namespace "postmark"', async () => {
    process.env['POSTMARK_SERVER_TOKEN'] = 'ns-token';
    try {
      const moduleRef = await Test.createTestingModule({
        imports: [ConfigModule.forFeature(postmarkConfig)],
      }).compile();
      const config = moduleRef.get<ConfigType<typeof postmarkConfig>>(
        postmarkConfig.KEY,
      );
      expect(config.serverToken).toBe('ns-token');
    } finally {
      delete process.env['POSTMARK_SERVER_TOKEN'];
    }
  });
});
