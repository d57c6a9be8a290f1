import { validatePostmarkConfig } from './postmark-config.validator';
import { PostmarkMailerError } from './postmark-mailer.error';

const TOKEN = 'secret-token-0a1b2c3d';
const valid = () => ({
  serverToken: TOKEN,
  fromEmail: 'Acme <no-reply@acme.com>',
  templates: [
    { usageType: 'Register', templateAlias: 'logto-register' },
    { usageType: 'SignIn', templateAlias: 'logto-sign-in' },
    { usageType: 'ForgotPassword', templateAlias: 'logto-forgot-password' },
    { usageType: 'Generic', templateAlias: 'logto-generic' },
  ],
});

function violationsOf(input: unknown): readonly string[] {
  try {
    validatePostmarkConfig(input);
  } catch (error) {
    expect(error).toBeInstanceOf(PostmarkMailerError);
    const e = error as PostmarkMailerError;
    expect(e.code).toBe('INVALID_CONFIG');
    expect(e.message).not.toContain(TOKEN);
    expect(JSON.stringify(e)).not.toContain(TOKEN);
    for (const line of e.violations) expect(e.message).toContain(line);
    return e.violations;
  }
  throw new Error('expected INVALID_CONFIG');
}

describe('validatePostmarkConfig', () => {
  it('accepts the connector config and applies the defaults', () => {
    const config = validatePostmarkConfig(valid());
    expect(config).toEqual({
      ...valid(),
      messageStream: 'outbound',
      apiUrl: 'https://api.postmarkapp.com',
      timeoutMs: 10_000,
      retry: { attempts: 3, baseDelayMs: 200, maxDelayMs: 2_000 },
      verifyTemplatesOnStartup: false,
      httpAdapter: 'undici',
      connections: 64,
    });
  });

  it('accepts a bare From address, optional usage types and the options', () => {
    const input = {
      ...valid(),
      fromEmail: 'no-reply@acme.com',
      templates: [
        ...valid().templates,
        { usageType: 'MfaVerification', templateAlias: 'mfa' },
      ],
      messageStream: 'broadcast-2',
      apiUrl: 'http://127.0.0.1:3025/',
      timeoutMs: 500,
      retry: { attempts: 1 },
      httpAdapter: 'http',
      connections: 4,
    };
    const config = validatePostmarkConfig(input);
    expect(config.apiUrl).toBe('http://127.0.0.1:3025');
    expect(config.retry).toEqual({
      attempts: 1,
      baseDelayMs: 200,
      maxDelayMs: 2_000,
    });
    expect(config.templates).toHaveLength(5);
  });

  it.each([
    ['serverToken', { serverToken: '' }, 'serverToken: must not be empty'],
    ['serverToken', { serverToken: 42 }, 'serverToken: must be a string'],
    [
      'fromEmail',
      { fromEmail: 'not an address' },
      'fromEmail: must be an email address or "Name <address>"',
    ],
    [
      'fromEmail',
      { fromEmail: 'Acme <no-reply@>' },
      'fromEmail: must be an email address or "Name <address>"',
    ],
    [
      'templates',
      { templates: 'logto' },
      'templates: must be an array of { usageType, templateAlias }',
    ],
    [
      'messageStream',
      { messageStream: 'has spaces' },
      'messageStream: must be a message stream ID',
    ],
    ['apiUrl', { apiUrl: 'ftp://x' }, 'apiUrl: must be an http(s) URL'],
    ['timeoutMs', { timeoutMs: 0 }, 'timeoutMs: must be at least 1 (ms)'],
    ['timeoutMs', { timeoutMs: '100' }, 'timeoutMs: must be an integer (ms)'],
    [
      'retry.attempts',
      { retry: { attempts: 0 } },
      'retry.attempts: must be at least 1',
    ],
    [
      'retry.maxDelayMs',
      { retry: { baseDelayMs: 500, maxDelayMs: 100 } },
      'retry.maxDelayMs: must not be less',
    ],
    [
      'verifyTemplatesOnStartup',
      { verifyTemplatesOnStartup: 'yes' },
      'verifyTemplatesOnStartup: must be true or false',
    ],
    [
      'httpAdapter',
      { httpAdapter: 'fetch' },
      'httpAdapter: must be undici or http',
    ],
    [
      'an unknown option',
      { serverTokn: 'typo' },
      'serverTokn: is not a known option',
    ],
  ])('rejects an invalid %s', (_field, patch, expected) => {
    const violations = violationsOf({ ...valid(), ...patch });
    expect(violations.some((line) => line.startsWith(expected))).toBe(true);
  });

  it('names template fields by index', () => {
    const input = valid();
    input.templates[2] = { usageType: 'ForgotPassword', templateAlias: '' };
    (input.templates[1] as Record<string, unknown>)['usageType'] = 'Login';
    const violations = violationsOf(input);
    expect(violations).toContain(
      'templates[2].templateAlias: must not be empty',
    );
    expect(
      violations.some((l) =>
        l.startsWith('templates[1].usageType: must be one of Register, SignIn'),
      ),
    ).toBe(true);
  });

  it('lists every violation at once, with the missing usage types named', () => {
    const violations = violationsOf({
      serverToken: TOKEN,
      fromEmail: 'nope',
      templates: [{ usageType: 'SignIn', templateAlias: 'x' }],
    });
    expect(violations).toEqual([
      'fromEmail: must be an email address or "Name <address>"',
      'templates: missing usage types Register, ForgotPassword, Generic ' +
        '(a template is required for each of Register, SignIn, ForgotPassword, Generic)',
    ]);
  });

  it('rejects a usage type configured twice, naming both entries', () => {
    const input = valid();
    input.templates.push({ usageType: 'SignIn', templateAlias: 'other' });
    expect(violationsOf(input)).toEqual([
      'templates[4].usageType: SignIn is already configured by templates[1]',
    ]);
  });

  it('rejects what is not an object, and template entries that are not objects', () => {
    expect(violationsOf(null)).toEqual([
      '(root): must be an object { serverToken, fromEmail, templates }',
    ]);
    expect(violationsOf([valid()])).toHaveLength(1);
    const violations = violationsOf({
      ...valid(),
      templates: [...valid().templates, 'Generic'],
    });
    expect(violations.some((l) => l.startsWith('templates'))).toBe(true);
  });

  it('never puts the token in the message, even when the token is where the address should be', () => {
    const violations = violationsOf({
      ...valid(),
      fromEmail: TOKEN,
      templates: [{ usageType: TOKEN, templateAlias: TOKEN }],
    });
    expect(violations.join('\n')).not.toContain(TOKEN);
  });

  it('answers INVALID_CONFIG, not a TypeError, for constructor / prototype keys anywhere', () => {
    const input = {
      ...valid(),
      templates: [
        { usageType: 'Generic', templateAlias: { constructor: true } },
      ],
      prototype: 1,
    };
    const violations = violationsOf(input);
    expect(violations).toContain(
      'templates[0].templateAlias.constructor: is not a known option',
    );
    expect(violations).toContain('prototype: is not a known option');
    expect(violations).toContain(
      'templates[0].templateAlias: must be a string',
    );
  });

  it('answers INVALID_CONFIG, not a URIError, for ill-formed text (a lone surrogate)', () => {
    expect(violationsOf({ ...valid(), fromEmail: '\ud800' })).toContain(
      'fromEmail: must be well-formed text',
    );
    expect(
      violationsOf({ ...valid(), fromEmail: 'Acme <a\udc00@acme.com>' }),
    ).toContain('fromEmail: must be well-formed text');
  });

  it('answers INVALID_CONFIG for absurdly nested input', () => {
    let deep: Record<string, unknown> = {};
    const root = deep;
    for (let i = 0; i < 50; i++) deep = deep['retry'] = {};
    expect(
      violationsOf({ ...valid(), retry: root }).some((l) =>
        l.endsWith('is nested too deeply'),
      ),
    ).toBe(true);
  });

  it('leaves Object.prototype alone when the input carries __proto__', () => {
    const input = JSON.parse(
      `{"__proto__": {"polluted": true}, "serverToken": "t", "fromEmail": "a@b.co", "templates": []}`,
    );
    violationsOf(input);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});
