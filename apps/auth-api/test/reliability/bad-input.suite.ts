import fc from 'fast-check';
import {
  loadPostmarkConfig,
  PostmarkMailerError,
  validatePostmarkConfig,
} from '@app/postmark-mailer';
import type { Harness } from '../auth-api.harness';
import { call, SECRETS } from './reliability.ledger';
import { collectCodes, startReliabilityHarness } from './reliability.harness';

const ENDPOINTS = [
  { path: '/v1/verification-codes', admin: false },
  { path: '/v1/verification-codes/verify', admin: false },
  { path: '/v1/admin/postmark/test', admin: true },
  { path: '/v1/admin/postmark/check', admin: true },
] as const;

const RUNS = Number(process.env['RELIABILITY_FUZZ_RUNS'] ?? 120);

const nastyKey = fc.oneof(
  fc.constantFrom(
    '__proto__',
    'constructor',
    'prototype',
    'email',
    'usageType',
    'code',
    'to',
    'config',
    'serverToken',
    'templates',
    'toString',
    'hasOwnProperty',
  ),
  fc.string({ maxLength: 12 }),
);
const nastyString = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(
    'jane@example.org',
    '123456',
    'SignIn',
    'Generic',
    ' JANE@EXAMPLE.ORG ',
    'a@b',
    '"><script>alert(1)</script>',
    '{{code}}',
    '\u0000',
    '\ud800',
    'x'.repeat(5_000),
    '@'.repeat(300),
  ),
);
const leaf = fc.oneof(
  nastyString,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
);
const value = fc.letrec((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.array(tie('node'), { maxLength: 4 }),
    fc.dictionary(nastyKey, tie('node'), { maxKeys: 5 }),
  ),
})).node;

/** Bodies close to the real ones, with fields replaced, added or of the wrong shape. */
const body = fc.oneof(
  value,
  fc.record(
    {
      email: value,
      usageType: fc.oneof(fc.constantFrom('SignIn', 'Register', 'Nope'), value),
      code: fc.oneof(fc.constantFrom('123456', '12345', '1234567'), value),
      to: value,
      config: fc.oneof(
        value,
        fc.record(
          {
            serverToken: value,
            fromEmail: value,
            templates: fc.oneof(
              value,
              fc.array(
                fc.record(
                  { usageType: value, templateAlias: value },
                  { requiredKeys: [] },
                ),
                { maxLength: 5 },
              ),
            ),
            apiUrl: value,
            timeoutMs: value,
            retry: value,
          },
          { requiredKeys: [] },
        ),
      ),
      extra: value,
    },
    { requiredKeys: [] },
  ),
  fc.dictionary(nastyKey, value, { maxKeys: 6 }),
);

/** Raw bodies: `refuse` ones must be a 4xx; the others (JSON that is no object) only never a 5xx. */
const RAW_BODIES: { raw: string; refuse: boolean }[] = [
  { raw: '{"__proto__":{"polluted":"yes"}}', refuse: true },
  {
    raw: '{"email":"a@example.org","usageType":"SignIn","__proto__":{"polluted":"yes","isAdmin":true}}',
    refuse: true,
  },
  { raw: '{"constructor":{"prototype":{"polluted":"yes"}}}', refuse: true },
  {
    raw: '{"config":{"__proto__":{"polluted":"yes"},"serverToken":"x","fromEmail":"a@example.com","templates":[]}}',
    refuse: true,
  },
  {
    raw: '{"to":"a@example.org","config":{"templates":[{"constructor":{"prototype":{"polluted":"yes"}}}]}}',
    refuse: true,
  },
  { raw: '{"email":"\\ud800@example.org","usageType":"SignIn"}', refuse: true },
  { raw: '[{"__proto__":{"polluted":"yes"}}]', refuse: true },
  { raw: '{"a":' + '['.repeat(5_000) + ']'.repeat(5_000) + '}', refuse: true },
  { raw: '{"email":"a@example.org",', refuse: true },
  { raw: '"just a string"', refuse: false },
  { raw: 'null', refuse: false },
  { raw: '1e400', refuse: false },
];

function prototypeSnapshot(): string {
  return JSON.stringify(
    [Object.prototype, Array.prototype, Function.prototype].map((p) =>
      Object.getOwnPropertyNames(p).sort(),
    ),
  );
}

export function badInputSuite(): void {
  describe('2. bad input (property-based)', () => {
    let h: Harness;
    let before: string;

    beforeAll(async () => {
      before = prototypeSnapshot();
      h = await startReliabilityHarness();
    });
    afterAll(async () => {
      collectCodes(h);
      await h?.close();
    });

    it.each(ENDPOINTS)(
      'random JSON bodies to $path: never a 5xx or a stack trace',
      async ({ path, admin }) => {
        await fc.assert(
          fc.asyncProperty(body, async (input) => {
            const res = await call(h.url, 'POST', path, input, {
              headers: admin
                ? { authorization: `Bearer ${SECRETS.adminKey}` }
                : {},
            });
            expect(res.status).toBeLessThan(500 + (admin ? 100 : 0));
            if (res.status >= 500) {
              // Admin endpoints may reach the provider with a candidate config: only the mapped answers.
              expect([
                'email_provider_misconfigured',
                'email_provider_unavailable',
              ]).toContain(res.json['error']);
            }
            expect(res.text).not.toMatch(/\bat \S+ \(|\.ts:\d+|node_modules/);
            if (res.status >= 400)
              expect(typeof res.json['error']).toBe('string');
          }),
          { numRuns: RUNS },
        );
      },
    );

    it('prototype pollution attempts and malformed JSON: 4xx, and Object.prototype untouched', async () => {
      for (const { path, admin } of ENDPOINTS)
        for (const { raw, refuse } of RAW_BODIES) {
          const res = await call(h.url, 'POST', path, undefined, {
            raw,
            headers: admin
              ? { authorization: `Bearer ${SECRETS.adminKey}` }
              : {},
          });
          if (refuse)
            expect([path, raw.slice(0, 60), res.status]).toEqual([
              path,
              raw.slice(0, 60),
              400,
            ]);
          expect(res.status).toBeLessThan(500);
        }
      expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
      expect(({} as Record<string, unknown>)['isAdmin']).toBeUndefined();
      expect(prototypeSnapshot()).toBe(before);
    });

    it('random connector configs: validatePostmarkConfig gives a valid config or INVALID_CONFIG, nothing else', () => {
      const template = fc.record(
        {
          usageType: fc.oneof(
            fc.constantFrom(
              'Register',
              'SignIn',
              'ForgotPassword',
              'Generic',
              'BindMfa',
              'Nope',
            ),
            value,
          ),
          templateAlias: fc.oneof(fc.constantFrom('logto-a', ''), value),
        },
        { requiredKeys: [] },
      );
      const config = fc.oneof(
        value,
        fc.record(
          {
            serverToken: fc.oneof(fc.constant(SECRETS.serverToken), value),
            fromEmail: fc.oneof(
              fc.constantFrom(
                'Acme <no-reply@acme.com>',
                'no-reply@acme.com',
                'Acme <>',
              ),
              value,
            ),
            templates: fc.oneof(fc.array(template, { maxLength: 6 }), value),
            messageStream: value,
            apiUrl: fc.oneof(
              fc.constantFrom('http://127.0.0.1:1', 'ftp://x'),
              value,
            ),
            timeoutMs: value,
            retry: fc.oneof(
              fc.record(
                { attempts: value, baseDelayMs: value, maxDelayMs: value },
                { requiredKeys: [] },
              ),
              value,
            ),
            verifyTemplatesOnStartup: value,
            __proto__: value,
          },
          { requiredKeys: [] },
        ),
      );
      const before = prototypeSnapshot();
      fc.assert(
        fc.property(config, (input) => {
          try {
            const valid = validatePostmarkConfig(input);
            expect(typeof valid.serverToken).toBe('string');
            expect(valid.templates.some((t) => t.usageType === 'Generic')).toBe(
              true,
            );
          } catch (error) {
            expect(error).toBeInstanceOf(PostmarkMailerError);
            expect((error as PostmarkMailerError).code).toBe('INVALID_CONFIG');
            expect((error as Error).message).not.toContain(SECRETS.serverToken);
          }
        }),
        { numRuns: RUNS * 5 },
      );
      expect(prototypeSnapshot()).toBe(before);
    });

    const expectInvalidConfig = (run: () => unknown): void => {
      try {
        run();
      } catch (error) {
        expect((error as PostmarkMailerError).code).toBe('INVALID_CONFIG');
        return;
      }
      throw new Error('no error');
    };
    it('a `constructor` key in a template answers INVALID_CONFIG', () => {
      expectInvalidConfig(() =>
        validatePostmarkConfig({
          templates: [{ templateAlias: { constructor: true } }],
        }),
      );
    });
    it('a lone surrogate in fromEmail answers INVALID_CONFIG', () => {
      expectInvalidConfig(() =>
        validatePostmarkConfig(
          loadPostmarkConfig({ POSTMARK_FROM_EMAIL: '\ud800' }),
        ),
      );
    });

    it('random environments: loadPostmarkConfig + validatePostmarkConfig give a valid config or INVALID_CONFIG', () => {
      const env = fc.record(
        {
          POSTMARK_SERVER_TOKEN: fc.oneof(
            fc.constant(SECRETS.serverToken),
            nastyString,
          ),
          POSTMARK_FROM_EMAIL: nastyString,
          POSTMARK_TEMPLATES: fc.oneof(
            nastyString,
            value.map((v) => JSON.stringify(v) ?? ''),
            fc.constant(
              '[{ "usageType": "Register", "templateAlias": "a", }, { "usageType": "SignIn", "templateAlias": "b", }, { "usageType": "ForgotPassword", "templateAlias": "c", }, { "usageType": "Generic", "templateAlias": "d", },]',
            ),
            fc.constant('{"__proto__":{"polluted":"yes"},"templates":[]}'),
          ),
          POSTMARK_MESSAGE_STREAM: nastyString,
          POSTMARK_API_URL: nastyString,
          POSTMARK_TIMEOUT_MS: nastyString,
          POSTMARK_VERIFY_TEMPLATES_ON_STARTUP: nastyString,
          POSTMARK_CONFIG_FILE: fc.constantFrom(
            undefined,
            '/nonexistent/postmark.jsonc',
            '/etc/hostname',
          ),
        },
        { requiredKeys: [] },
      );
      const before = prototypeSnapshot();
      fc.assert(
        fc.property(env, (vars) => {
          try {
            validatePostmarkConfig(loadPostmarkConfig(vars));
          } catch (error) {
            expect(error).toBeInstanceOf(PostmarkMailerError);
            expect((error as PostmarkMailerError).code).toBe('INVALID_CONFIG');
            expect((error as Error).message).not.toContain(SECRETS.serverToken);
          }
        }),
        { numRuns: RUNS * 5 },
      );
      expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
      expect(prototypeSnapshot()).toBe(before);
    });
  });
}
