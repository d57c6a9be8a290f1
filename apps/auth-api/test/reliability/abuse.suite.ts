import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Harness } from '../auth-api.harness';
import { call, ledger, SECRETS } from './reliability.ledger';
import { collectCodes, startReliabilityHarness } from './reliability.harness';

const MAX_ATTEMPTS = 5;

export function abuseSuite(): void {
  describe('3. abuse', () => {
    let h: Harness;

    beforeAll(async () => {
      h = await startReliabilityHarness({
        env: { MAX_VERIFY_ATTEMPTS: String(MAX_ATTEMPTS) },
      });
    });
    afterAll(async () => {
      collectCodes(h);
      await h?.close();
    });

    it(`guessing is cut off after exactly ${MAX_ATTEMPTS} wrong codes, even for the right one`, async () => {
      const email = 'guess@example.org';
      const body = { email, usageType: 'SignIn' };
      expect(
        (await call(h.url, 'POST', '/v1/verification-codes', body)).status,
      ).toBe(202);
      const code = h.lastCode(email) as string;
      const wrong = (i: number): string =>
        String((Number(code) + 1 + i) % 1_000_000).padStart(6, '0');
      const remaining: unknown[] = [];
      for (let i = 0; i < MAX_ATTEMPTS; i++) {
        const res = await call(h.url, 'POST', '/v1/verification-codes/verify', {
          ...body,
          code: wrong(i),
        });
        expect(res.json['error']).toBe('invalid_code');
        remaining.push(res.json['attemptsRemaining']);
      }
      expect(remaining).toEqual([4, 3, 2, 1, 0]);
      const locked = await call(
        h.url,
        'POST',
        '/v1/verification-codes/verify',
        {
          ...body,
          code: wrong(MAX_ATTEMPTS),
        },
      );
      expect([locked.status, locked.json['error']]).toEqual([
        429,
        'too_many_attempts',
      ]);
      const right = await call(h.url, 'POST', '/v1/verification-codes/verify', {
        ...body,
        code,
      });
      expect([right.status, right.json['error']]).toEqual([
        429,
        'too_many_attempts',
      ]);
    });

    it('a storm of 200 concurrent requests for one email sends one message per cooldown', async () => {
      const email = 'storm@example.org';
      const answers = await Promise.all(
        Array.from({ length: 200 }, () =>
          call(h.url, 'POST', '/v1/verification-codes', {
            email,
            usageType: 'Register',
          }),
        ),
      );
      const accepted = answers.filter((a) => a.status === 202);
      const refused = answers.filter(
        (a) => a.json['error'] === 'resend_too_soon',
      );
      expect(accepted).toHaveLength(1);
      expect(refused).toHaveLength(199);
      for (const a of refused)
        expect(Number(a.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(h.sandbox.messages({ to: email })).toHaveLength(1);
    });

    it('admin endpoints refuse a missing or wrong key, never echo it, and do not crash on odd lengths', async () => {
      const wrongKeys = [
        '',
        'x',
        SECRETS.adminKey.slice(0, -1),
        `${SECRETS.adminKey}x`,
        SECRETS.adminKey.replace(/.$/, (c) => (c === 'a' ? 'b' : 'a')),
        'k'.repeat(4_000),
        'ünïcödé-key-ünïcödé',
      ];
      const attempts: {
        path: string;
        method: string;
        headers: Record<string, string>;
      }[] = [];
      for (const [method, path] of [
        ['GET', '/v1/admin/postmark/config'],
        ['POST', '/v1/admin/postmark/test'],
        ['POST', '/v1/admin/postmark/check'],
      ]) {
        attempts.push({ method, path, headers: {} });
        for (const key of wrongKeys) {
          attempts.push({
            method,
            path,
            headers: { authorization: `Bearer ${key}` },
          });
          attempts.push({ method, path, headers: { authorization: key } });
        }
        attempts.push({
          method,
          path,
          headers: { authorization: `Basic ${SECRETS.adminKey}` },
        });
      }
      for (const { method, path, headers } of attempts) {
        const res = await call(
          h.url,
          method,
          path,
          method === 'POST' ? { to: 'a@example.org' } : undefined,
          {
            headers,
          },
        );
        expect([path, res.status, res.json['error']]).toEqual([
          path,
          401,
          'unauthorized',
        ]);
        for (const key of wrongKeys.filter((k) => k.length > 3))
          expect(res.text).not.toContain(key);
        expect(res.text).not.toContain(SECRETS.adminKey);
      }
      const ok = await call(
        h.url,
        'GET',
        '/v1/admin/postmark/config',
        undefined,
        {
          headers: { authorization: `Bearer ${SECRETS.adminKey}` },
        },
      );
      expect(ok.status).toBe(200);
      expect(ok.text).not.toContain(SECRETS.serverToken);
      expect(ok.text).not.toContain(SECRETS.adminKey);
    });

    it('the admin key is compared in constant time (both sides hashed, then timingSafeEqual)', () => {
      const source = readFileSync(
        join(__dirname, '../../src/admin/admin-auth.guard.ts'),
        'utf8',
      );
      expect(source).toMatch(/timingSafeEqual\(\s*sha256\(/);
      expect(source).toMatch(/createHash\('sha256'\)/);
      expect(source).not.toMatch(
        /===\s*(this\.)?(config\.)?adminApiKey|adminApiKey\s*===/,
      );
    });
  });

  describe('3. abuse: per-IP throttling', () => {
    let h: Harness;
    beforeAll(async () => {
      h = await startReliabilityHarness({
        env: { THROTTLE_LIMIT: '5', THROTTLE_TTL_SECONDS: '60' },
      });
    });
    afterAll(async () => {
      collectCodes(h);
      await h?.close();
    });

    it('answers 429 rate_limited with Retry-After once an IP used its budget, on every endpoint', async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) {
        const res = await call(h.url, 'POST', '/v1/verification-codes/verify', {
          email: `ip-${i}@example.org`,
          usageType: 'SignIn',
          code: '123456',
        });
        statuses.push(res.status);
      }
      expect(statuses).toEqual([400, 400, 400, 400, 400]);
      for (const path of [
        '/v1/verification-codes',
        '/v1/verification-codes/verify',
      ]) {
        const res = await call(h.url, 'POST', path, {
          email: 'ip-x@example.org',
          usageType: 'SignIn',
          code: '123456',
        });
        expect([res.status, res.json['error']]).toEqual([429, 'rate_limited']);
        expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
        expect(Number(res.headers.get('retry-after'))).toBeLessThanOrEqual(60);
      }
      ledger.notes.push(
        'abuse: attempt limit, storm, admin key and per-IP throttling checked',
      );
    });
  });
}
