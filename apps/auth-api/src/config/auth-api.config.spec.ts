import { AuthApiConfigError, loadAuthApiConfig } from './auth-api.config';

describe('loadAuthApiConfig', () => {
  it('applies the documented defaults', () => {
    const config = loadAuthApiConfig({});
    expect(config).toMatchObject({
      production: false,
      port: 3000,
      sandboxPort: 3025,
      codeTtlSeconds: 600,
      maxVerifyAttempts: 5,
      resendCooldownSeconds: 60,
      throttleLimit: 100,
      throttleTtlSeconds: 60,
      hmacSecretIsRandom: true,
      postmarkTokenSet: false,
      postmarkRetry: { attempts: 3, baseDelayMs: 200, maxDelayMs: 2000 },
    });
    expect(config.hmacSecret).toHaveLength(32);
    expect(loadAuthApiConfig({}).hmacSecret.equals(config.hmacSecret)).toBe(
      false,
    );
  });

  it('reads numbers from the environment', () => {
    const config = loadAuthApiConfig({
      PORT: '8080',
      CODE_TTL_SECONDS: '30',
      THROTTLE_LIMIT: '7',
      REDIS_URL: 'redis://h:1',
    });
    expect(config).toMatchObject({
      port: 8080,
      codeTtlSeconds: 30,
      throttleLimit: 7,
      redisUrl: 'redis://h:1',
    });
  });

  it('requires CODE_HMAC_SECRET and POSTMARK_SERVER_TOKEN in production', () => {
    expect(() => loadAuthApiConfig({ NODE_ENV: 'production' })).toThrow(
      AuthApiConfigError,
    );
    try {
      loadAuthApiConfig({ NODE_ENV: 'production' });
    } catch (error) {
      expect((error as AuthApiConfigError).problems).toEqual([
        expect.stringContaining('CODE_HMAC_SECRET is required'),
        expect.stringContaining('POSTMARK_SERVER_TOKEN is required'),
      ]);
    }
    expect(
      loadAuthApiConfig({
        NODE_ENV: 'production',
        CODE_HMAC_SECRET: 'x'.repeat(32),
        POSTMARK_SERVER_TOKEN: 't',
      }).production,
    ).toBe(true);
  });

  it('lists every invalid variable and never quotes a value', () => {
    const secret = 'short-secret-value';
    let message = '';
    try {
      loadAuthApiConfig({
        PORT: 'abc',
        CODE_HMAC_SECRET: secret,
        ADMIN_API_KEY: 'tiny',
        MAX_VERIFY_ATTEMPTS: '0',
      });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/PORT/);
    expect(message).toMatch(/CODE_HMAC_SECRET must be at least 32/);
    expect(message).toMatch(/ADMIN_API_KEY must be at least 16/);
    expect(message).toMatch(/MAX_VERIFY_ATTEMPTS/);
    expect(message).not.toContain(secret);
    expect(message).not.toContain('tiny');
  });
});
