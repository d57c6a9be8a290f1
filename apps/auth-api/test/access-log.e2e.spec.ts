import { startHarness, type Harness } from './auth-api.harness';

const accessLines = (app: Harness) =>
  app.logs
    .map((line) => JSON.parse(line) as { context?: string; message: string })
    .filter((e) => e.context === 'HTTP');

describe('access log (LOG_LEVEL)', () => {
  let app: Harness | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it('writes one line per request at LOG_LEVEL=debug, without the body', async () => {
    app = await startHarness({ env: { LOG_LEVEL: 'debug' } });
    await app.http
      .post('/v1/verification-codes')
      .send({ email: 'access@example.org', usageType: 'SignIn' })
      .expect(202);
    const lines = accessLines(app);
    expect(lines).toHaveLength(1);
    expect(lines[0].message).toMatch(
      /^POST \/v1\/verification-codes 202 \d+ms ip=127\.0\.0\.1$/,
    );
  });

  it('writes none at the default level, where it would cost a write per request', async () => {
    app = await startHarness();
    await app.http
      .post('/v1/verification-codes')
      .send({ email: 'quiet@example.org', usageType: 'SignIn' })
      .expect(202);
    expect(accessLines(app)).toHaveLength(0);
    expect(
      app.logs.some((line) =>
        line.includes('issued SignIn code for q***@example.org'),
      ),
    ).toBe(true);
  });

  it('refuses an unknown LOG_LEVEL at start-up', async () => {
    await expect(
      startHarness({ env: { LOG_LEVEL: 'chatty' } }),
    ).rejects.toThrow(/LOG_LEVEL/);
  });
});
