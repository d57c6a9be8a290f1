import { DEFAULT_SANDBOX_TOKEN, SAMPLE } from './admin.fixture';
import { startHarness, TEMPLATES, type Harness } from './auth-api.harness';

const KEY = 'admin-key-0123456789-abcdef';
const auth = { Authorization: `Bearer ${KEY}` };

describe('admin: Postmark connector test (e2e)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ env: { ADMIN_API_KEY: KEY } });
  });
  afterAll(async () => {
    await h?.close();
  });

  describe('auth', () => {
    it.each([
      ['no header', {}],
      ['a wrong key', { Authorization: 'Bearer not-the-key-at-all' }],
      ['a key prefix', { Authorization: `Bearer ${KEY.slice(0, -1)}` }],
      ['another scheme', { Authorization: `Basic ${KEY}` }],
    ])('%s -> 401 unauthorized', async (_name, headers) => {
      for (const req of [
        h.http.get('/v1/admin/postmark/config').set(headers),
        h.http.post('/v1/admin/postmark/check').set(headers).send({}),
        h.http
          .post('/v1/admin/postmark/test')
          .set(headers)
          .send({ to: 'a@example.org' }),
      ]) {
        const res = await req;
        expect(res.status).toBe(401);
        expect(res.body).toEqual({
          statusCode: 401,
          error: 'unauthorized',
          message: expect.any(String),
        });
        expect(res.headers['www-authenticate']).toBe('Bearer');
      }
      expect(h.sandbox.messages({ to: 'a@example.org' })).toHaveLength(0);
    });
  });

  it('GET config: the active config with the token masked', async () => {
    const res = await h.http
      .get('/v1/admin/postmark/config')
      .set(auth)
      .expect(200);
    expect(res.body).toMatchObject({
      serverToken: 'sand…',
      fromEmail: 'Auth API <no-reply@example.com>',
      apiUrl: h.sandbox.url,
    });
    expect(res.body.templates).toEqual(TEMPLATES);
    expect(JSON.stringify(res.body)).not.toContain(DEFAULT_SANDBOX_TOKEN);
  });

  it('POST test without config: sends Generic with the active config', async () => {
    const to = 'admin-test@example.org';
    const res = await h.http
      .post('/v1/admin/postmark/test')
      .set(auth)
      .send({ to })
      .expect(200);
    expect(res.body).toEqual({
      messageId: expect.any(String),
      submittedAt: expect.any(String),
    });
    const [message] = h.sandbox.messages({ to });
    expect(message.MessageID).toBe(res.body.messageId);
    expect(message.TemplateAlias).toBe('logto-generic');
    expect(message.TemplateModel).toMatchObject({ code: '123456' });
  });

  it('POST test with a candidate config (JSON from the connector, not saved)', async () => {
    const to = 'candidate@example.org';
    const config = {
      ...SAMPLE,
      fromEmail: 'Candidate <candidate@example.com>',
    };
    await h.http
      .post('/v1/admin/postmark/test')
      .set(auth)
      .send({ to, config })
      .expect(200);
    expect(h.sandbox.messages({ to })[0].From).toBe(
      'Candidate <candidate@example.com>',
    );
    const active = await h.http
      .get('/v1/admin/postmark/config')
      .set(auth)
      .expect(200);
    expect(active.body.fromEmail).toBe('Auth API <no-reply@example.com>');
  });

  it('POST test with a candidate whose Generic alias does not exist names the alias', async () => {
    const config = {
      ...SAMPLE,
      templates: SAMPLE.templates.map((t) =>
        t.usageType === 'Generic'
          ? { ...t, templateAlias: 'acme-generic-missing' }
          : t,
      ),
    };
    const res = await h.http
      .post('/v1/admin/postmark/test')
      .set(auth)
      .send({ to: 'x@example.org', config });
    expect(res.status).toBe(502);
    expect(res.body).toMatchObject({
      statusCode: 502,
      error: 'email_provider_misconfigured',
      code: 'TEMPLATE_NOT_FOUND',
    });
    expect(res.body.message).toContain('acme-generic-missing');
  });

  it('POST test with an unconfirmed sender says so', async () => {
    const config = { ...SAMPLE, fromEmail: 'no-reply@not-confirmed.test' };
    const res = await h.http
      .post('/v1/admin/postmark/test')
      .set(auth)
      .send({ to: 'x@example.org', config });
    expect(res.status).toBe(502);
    expect(res.body.code).toBe('SENDER_NOT_CONFIRMED');
    expect(res.body.message).toMatch(/sender|signature|confirm/i);
  });

  it('POST test with an invalid candidate -> 400 validation_failed listing the violations', async () => {
    const config = {
      serverToken: 'x',
      fromEmail: 'not an address',
      templates: [{ usageType: 'SignIn', templateAlias: '' }],
    };
    const res = await h.http
      .post('/v1/admin/postmark/test')
      .set(auth)
      .send({ to: 'x@example.org', config });
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('validation_failed');
    const text = (res.body.message as string[]).join('\n');
    expect(text).toMatch(/fromEmail/);
    expect(text).toMatch(/templateAlias/);
    expect(text).toMatch(/Generic/);
  });

  it('POST test: bad body -> 400 validation_failed', async () => {
    const res = await h.http
      .post('/v1/admin/postmark/test')
      .set(auth)
      .send({ to: 'nope', extra: 1 });
    expect(res.status).toBe(400);
    expect(res.body.message).toEqual(
      expect.arrayContaining([
        'property extra should not exist',
        'to must be an email address',
      ]),
    );
  });

  it('POST check: token and one result per template', async () => {
    const res = await h.http
      .post('/v1/admin/postmark/check')
      .set(auth)
      .send({})
      .expect(200);
    expect(res.body.ok).toBe(true);
    expect(res.body.server.ok).toBe(true);
    expect(
      res.body.templates.map((t: { templateAlias: string; ok: boolean }) => [
        t.templateAlias,
        t.ok,
      ]),
    ).toEqual(TEMPLATES.map((t) => [t.templateAlias, true]));
  });

  it('POST check with a candidate: a refused token and a missing alias are reported', async () => {
    const config = {
      ...SAMPLE,
      serverToken: 'refused-token-123',
      templates: SAMPLE.templates.map((t) =>
        t.usageType === 'SignIn'
          ? { ...t, templateAlias: 'missing-sign-in' }
          : t,
      ),
    };
    const res = await h.http
      .post('/v1/admin/postmark/check')
      .set(auth)
      .send({ config })
      .expect(200);
    expect(res.body.ok).toBe(false);
    expect(res.body.server).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHORIZED' },
    });
    expect(
      res.body.templates.find(
        (t: { templateAlias: string }) => t.templateAlias === 'missing-sign-in',
      ),
    ).toMatchObject({
      usageType: 'SignIn',
      ok: false,
    });
    expect(JSON.stringify(res.body)).not.toContain('refused-token-123');
  });
});

describe('admin without ADMIN_API_KEY', () => {
  it('is open outside production, with a start-up warning', async () => {
    const h = await startHarness();
    try {
      await h.http.get('/v1/admin/postmark/config').expect(200);
      expect(h.logs.join('\n')).toMatch(/ADMIN_API_KEY is not set.*OPEN/);
    } finally {
      await h.close();
    }
  });

  it('answers 404 in production', async () => {
    const h = await startHarness({
      env: {
        NODE_ENV: 'production',
        POSTMARK_SERVER_TOKEN: DEFAULT_SANDBOX_TOKEN,
      },
    });
    try {
      for (const res of [
        await h.http.get('/v1/admin/postmark/config'),
        await h.http
          .post('/v1/admin/postmark/test')
          .send({ to: 'a@example.org' }),
      ]) {
        expect(res.status).toBe(404);
        expect(res.body).toMatchObject({ statusCode: 404, error: 'not_found' });
      }
      expect(h.sandbox.messages()).toHaveLength(0);
    } finally {
      await h.close();
    }
  });
});
