import {
  startPostmarkSandbox,
  type PostmarkSandbox,
} from '@app/postmark-sandbox';
import { startHarness, type Harness } from './auth-api.harness';

const USAGE_TYPES = [
  'Register',
  'SignIn',
  'ForgotPassword',
  'Generic',
] as const;
const ALIAS = {
  Register: 'logto-register',
  SignIn: 'logto-sign-in',
  ForgotPassword: 'logto-forgot-password',
  Generic: 'logto-generic',
};
const sleep = (ms: number): Promise<void> =>
  new Promise((r) => setTimeout(r, ms));
let n = 0;
const email = (name = 'user'): string =>
  `${name}.${Date.now()}.${++n}@example.org`;

describe('verification codes (e2e, real app + in-process sandbox)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      sandboxOptions: { inactiveRecipients: ['bounced@example.org'] },
    });
  });
  afterAll(async () => {
    await h?.close();
  });

  it.each(USAGE_TYPES)(
    '%s: request -> code from the sandbox mailbox -> verify',
    async (usageType) => {
      const to = email(usageType.toLowerCase());
      const issued = await h.http
        .post('/v1/verification-codes')
        .send({ email: to, usageType });
      expect(issued.status).toBe(202);
      expect(issued.body).toEqual({
        expiresInSeconds: 600,
        resendAfterSeconds: 60,
      });

      const [message] = h.sandbox.messages({ to });
      expect(message.TemplateAlias).toBe(ALIAS[usageType]);
      expect(message.Tag).toBe(usageType);
      const code = message.TemplateModel?.['code'] as string;
      expect(code).toMatch(/^\d{6}$/);
      expect(message.TextBody + message.HtmlBody).toContain(code);

      const verified = await h.http
        .post('/v1/verification-codes/verify')
        .send({ email: to, usageType, code });
      expect(verified.status).toBe(200);
      expect(verified.body).toEqual({ verified: true });
    },
  );

  it('a code is single use', async () => {
    const to = email();
    await h.requestCode(to, 'SignIn').expect(202);
    const code = h.lastCode(to);
    await h.verify(to, 'SignIn', code).expect(200);
    const again = await h.verify(to, 'SignIn', code);
    expect(again.status).toBe(400);
    expect(again.body).toMatchObject({
      statusCode: 400,
      error: 'code_expired',
    });
  });

  it('a code only works for its usage type', async () => {
    const to = email();
    await h.requestCode(to, 'Register').expect(202);
    const code = h.lastCode(to);
    const other = await h.verify(to, 'SignIn', code);
    expect(other.body.error).toBe('code_expired');
    await h.verify(to, 'Register', code).expect(200);
  });

  it('compares emails case-insensitively after trimming', async () => {
    const to = email('Mixed.Case');
    await h.http
      .post('/v1/verification-codes')
      .send({ email: `  ${to.toUpperCase()} `, usageType: 'SignIn' })
      .expect(202);
    const code = h.lastCode(to.toLowerCase());
    expect(code).toMatch(/^\d{6}$/);
    await h.verify(to.toLowerCase(), 'SignIn', code).expect(200);
  });

  it('answers invalid_code with attemptsRemaining, then too_many_attempts after 5 wrong tries', async () => {
    const to = email();
    await h.requestCode(to, 'SignIn').expect(202);
    const code = h.lastCode(to) as string;
    const wrong = code === '000000' ? '111111' : '000000';
    for (let remaining = 4; remaining >= 0; remaining--) {
      const res = await h.verify(to, 'SignIn', wrong);
      expect(res.status).toBe(400);
      expect(res.body).toEqual({
        statusCode: 400,
        error: 'invalid_code',
        message: expect.any(String),
        attemptsRemaining: remaining,
      });
    }
    const locked = await h.verify(to, 'SignIn', code);
    expect(locked.status).toBe(429);
    expect(locked.body).toMatchObject({
      statusCode: 429,
      error: 'too_many_attempts',
    });
  });

  it('answers resend_too_soon with Retry-After within the cooldown, and the first code stays valid', async () => {
    const to = email();
    await h.requestCode(to, 'SignIn').expect(202);
    const first = h.lastCode(to);
    const again = await h.requestCode(to, 'SignIn');
    expect(again.status).toBe(429);
    expect(again.body).toMatchObject({
      statusCode: 429,
      error: 'resend_too_soon',
    });
    expect(Number(again.headers['retry-after'])).toBeGreaterThanOrEqual(59);
    expect(Number(again.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect(h.sandbox.messages({ to })).toHaveLength(1);
    await h.verify(to, 'SignIn', first).expect(200);
  });

  it('Postmark 406 (inactive recipient) -> 422 recipient_inactive, and no usable code is left', async () => {
    const res = await h.requestCode('bounced@example.org', 'SignIn');
    expect(res.status).toBe(422);
    expect(res.body).toEqual({
      statusCode: 422,
      error: 'recipient_inactive',
      message: expect.any(String),
    });
    expect(JSON.stringify(res.body)).not.toMatch(/postmark|406/i);
    const retry = await h.requestCode('bounced@example.org', 'SignIn');
    expect(retry.body.error).toBe('recipient_inactive'); // no cooldown left behind by the failed send
  });

  it('sandbox 503 on every try -> 503 email_provider_unavailable with Retry-After, and the code is not usable', async () => {
    const to = email();
    h.sandbox.clearFaults();
    h.sandbox.addFault({ status: 503, times: 3 });
    const res = await h.requestCode(to, 'SignIn');
    h.sandbox.clearFaults();
    expect(res.status).toBe(503);
    expect(res.body).toEqual({
      statusCode: 503,
      error: 'email_provider_unavailable',
      message: expect.any(String),
    });
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    expect(h.sandbox.messages({ to })).toHaveLength(0);
    // The code made for that send was removed: whatever the guess, there is no code.
    for (const code of ['000000', '123456']) {
      const verify = await h.verify(to, 'SignIn', code);
      expect(verify.body.error).toBe('code_expired');
    }
    // ... and the cooldown went with it: the user can ask again at once.
    await h.requestCode(to, 'SignIn').expect(202);
  });

  it('retries a transient 503 and succeeds', async () => {
    const to = email();
    h.sandbox.addFault({ status: 503, times: 1 });
    await h.requestCode(to, 'SignIn').expect(202);
    h.sandbox.clearFaults();
    await h.verify(to, 'SignIn', h.lastCode(to)).expect(200);
  });

  describe('bad bodies answer 4xx JSON, never 500', () => {
    const cases: [string, unknown, RegExp][] = [
      ['missing fields', {}, /email/],
      ['missing usageType', { email: 'a@example.org' }, /usageType/],
      ['wrong types', { email: 42, usageType: ['SignIn'] }, /email/],
      [
        'unknown usageType',
        { email: 'a@example.org', usageType: 'Login' },
        /usageType must be one of/,
      ],
      [
        'extra fields',
        { email: 'a@example.org', usageType: 'SignIn', admin: true },
        /property admin should not exist/,
      ],
      [
        'not an email',
        { email: 'not-an-email', usageType: 'SignIn' },
        /email must be an email/,
      ],
      ['null body', null, /./],
    ];
    it.each(cases)(
      '%s -> 400 validation_failed',
      async (_name, body, expected) => {
        const res = await h.http
          .post('/v1/verification-codes')
          .set('content-type', 'application/json')
          .send(JSON.stringify(body));
        expect(res.status).toBe(400);
        expect(res.body.error).toBe('validation_failed');
        expect(Array.isArray(res.body.message)).toBe(true);
        expect(res.body.message.join('\n')).toMatch(expected);
      },
    );

    it('verify: a code that is not 6 digits -> 400 validation_failed', async () => {
      const res = await h.verify('a@example.org', 'SignIn', '12ab');
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({
        error: 'validation_failed',
        message: ['code must be 6 digits'],
      });
    });

    it('malformed JSON -> 400 validation_failed', async () => {
      const res = await h.http
        .post('/v1/verification-codes')
        .set('content-type', 'application/json')
        .send('{"email": "a@example.org",');
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({
        statusCode: 400,
        error: 'validation_failed',
      });
      expect(JSON.stringify(res.body)).not.toMatch(/ at |stack/i);
    });

    it('a 100 kB body -> 413 payload_too_large', async () => {
      const res = await h.http
        .post('/v1/verification-codes')
        .set('content-type', 'application/json')
        .send(
          JSON.stringify({
            email: 'a@example.org',
            usageType: 'SignIn',
            pad: 'x'.repeat(100 * 1024),
          }),
        );
      expect(res.status).toBe(413);
      expect(res.body).toEqual({
        statusCode: 413,
        error: 'payload_too_large',
        message: expect.any(String),
      });
    });

    it('a non-JSON content type -> 4xx', async () => {
      const res = await h.http
        .post('/v1/verification-codes')
        .set('content-type', 'application/xml')
        .send('<a/>');
      expect(res.status).toBe(415);
      expect(res.body.error).toBe('unsupported_media_type');
    });

    it('an unknown route -> 404 not_found JSON', async () => {
      const res = await h.http.get('/v1/nothing-here');
      expect(res.status).toBe(404);
      expect(res.body).toMatchObject({ statusCode: 404, error: 'not_found' });
    });
  });

  it('health: live and ready (code store checked)', async () => {
    const live = await h.http.get('/health/live');
    expect(live.status).toBe(200);
    expect(live.body.status).toBe('ok');
    const ready = await h.http.get('/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body.details).toEqual({ codeStore: { status: 'up' } });
  });

  it('serves the OpenAPI document and Swagger UI (assets local, CSP relaxed for /docs only)', async () => {
    const doc = await h.http.get('/docs-json');
    expect(doc.status).toBe(200);
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining([
        '/v1/verification-codes',
        '/v1/verification-codes/verify',
        '/v1/admin/postmark/test',
      ]),
    );
    expect(
      doc.body.components.schemas.RequestVerificationCodeDto.properties
        .usageType.enum,
    ).toContain('SignIn');
    const ui = await h.http.get('/docs');
    expect(ui.status).toBe(200);
    expect(ui.text).toContain('swagger-ui-bundle.js');
    expect(ui.headers['content-security-policy']).toContain(
      "style-src 'self' 'unsafe-inline'",
    );
    await h.http.get('/docs/swagger-ui-bundle.js').expect(200);
    const api = await h.http.get('/health/live');
    expect(api.headers['content-security-policy']).toContain(
      "default-src 'none'",
    );
    expect(api.headers['x-content-type-options']).toBe('nosniff');
  });
});

describe('verification codes: short TTL and no cooldown', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      env: { CODE_TTL_SECONDS: '1', RESEND_COOLDOWN_SECONDS: '0' },
    });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('an expired code answers code_expired', async () => {
    const to = email();
    const res = await h.requestCode(to, 'SignIn');
    expect(res.body).toEqual({ expiresInSeconds: 1, resendAfterSeconds: 0 });
    const code = h.lastCode(to);
    await sleep(1_200);
    const late = await h.verify(to, 'SignIn', code);
    expect(late.status).toBe(400);
    expect(late.body.error).toBe('code_expired');
  });

  it('a new code replaces the previous one', async () => {
    const to = email();
    await h.requestCode(to, 'SignIn').expect(202);
    const first = h.lastCode(to) as string;
    let second = first;
    // A new code may by chance equal the old one; ask until it differs.
    while (second === first) {
      await h.requestCode(to, 'SignIn').expect(202);
      second = h.lastCode(to) as string;
    }
    const old = await h.verify(to, 'SignIn', first);
    expect(old.body.error).toBe('invalid_code');
    await h.verify(to, 'SignIn', second).expect(200);
  });
});

describe('per-IP rate limit', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      env: { THROTTLE_LIMIT: '3', THROTTLE_TTL_SECONDS: '60' },
    });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('answers 429 rate_limited with Retry-After past THROTTLE_LIMIT, health is not limited', async () => {
    for (let i = 0; i < 3; i++) {
      const res = await h.verify(email(), 'SignIn', '123456');
      expect(res.status).toBe(400);
    }
    const limited = await h.requestCode(email(), 'SignIn');
    expect(limited.status).toBe(429);
    expect(limited.body).toEqual({
      statusCode: 429,
      error: 'rate_limited',
      message: expect.any(String),
    });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    await h.http.get('/health/live').expect(200);
  });
});

describe('misconfigured email provider (public endpoints hide the details)', () => {
  let sandbox: PostmarkSandbox;
  beforeAll(async () => {
    sandbox = await startPostmarkSandbox({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await sandbox?.close();
  });

  it('a refused token -> 502 email_provider_misconfigured without provider details', async () => {
    const h = await startHarness({
      sandbox,
      postmark: { serverToken: 'wrong-token-0123456789' },
    });
    try {
      const res = await h.requestCode(email(), 'SignIn');
      expect(res.status).toBe(502);
      expect(res.body).toEqual({
        statusCode: 502,
        error: 'email_provider_misconfigured',
        message: expect.any(String),
      });
      expect(JSON.stringify(res.body)).not.toMatch(
        /wrong-token|postmark|token/i,
      );
      expect(h.logs.join('\n')).toMatch(/UNAUTHORIZED/);
    } finally {
      await h.close();
    }
  });

  it('a missing template -> 502 email_provider_misconfigured, the alias only in the log', async () => {
    const h = await startHarness({
      sandbox,
      postmark: {
        templates: [
          { usageType: 'Register', templateAlias: 'logto-register' },
          { usageType: 'SignIn', templateAlias: 'no-such-alias' },
          {
            usageType: 'ForgotPassword',
            templateAlias: 'logto-forgot-password',
          },
          { usageType: 'Generic', templateAlias: 'logto-generic' },
        ],
      },
    });
    try {
      const res = await h.requestCode(email(), 'SignIn');
      expect(res.status).toBe(502);
      expect(res.body.error).toBe('email_provider_misconfigured');
      expect(JSON.stringify(res.body)).not.toContain('no-such-alias');
      expect(h.logs.join('\n')).toContain('no-such-alias');
    } finally {
      await h.close();
    }
  });

  it('an unconfirmed sender -> 502 email_provider_misconfigured', async () => {
    const h = await startHarness({
      sandbox,
      postmark: { fromEmail: 'Acme <no-reply@unconfirmed.test>' },
    });
    try {
      const res = await h.requestCode(email(), 'SignIn');
      expect(res.status).toBe(502);
      expect(res.body.error).toBe('email_provider_misconfigured');
      expect(JSON.stringify(res.body)).not.toContain('unconfirmed.test');
    } finally {
      await h.close();
    }
  });

  it('an unreachable provider -> 503 email_provider_unavailable', async () => {
    const h = await startHarness({
      sandbox,
      postmark: { apiUrl: 'http://127.0.0.1:9' },
    });
    try {
      const res = await h.requestCode(email(), 'SignIn');
      expect(res.status).toBe(503);
      expect(res.body.error).toBe('email_provider_unavailable');
      expect(res.headers['retry-after']).toBeDefined();
    } finally {
      await h.close();
    }
  });
});
