import { ConfigModule, type ConfigType } from '@nestjs/config';
import { Test, type TestingModule } from '@nestjs/testing';
import type { LoggerService } from '@nestjs/common';
import {
  startPostmarkSandbox,
  type PostmarkSandbox,
} from '@app/postmark-sandbox';
import { PostmarkMailerError } from './postmark-mailer.error';
import { PostmarkMailerModule } from './postmark-mailer.module';
import type {
  PostmarkConnectorConfig,
  PostmarkMailerOptions,
} from './postmark-mailer.options';
import { postmarkConfig } from './postmark.config';
import { VerificationMailer } from './verification-mailer.service';

const TOKEN = 'sandbox-server-token';
const TEMPLATES = [
  { usageType: 'Register', templateAlias: 'logto-register' },
  { usageType: 'SignIn', templateAlias: 'logto-sign-in' },
  { usageType: 'ForgotPassword', templateAlias: 'logto-forgot-password' },
  { usageType: 'Generic', templateAlias: 'logto-generic' },
] as PostmarkConnectorConfig['templates'];

/** Collects every log line of the module, to check that nothing secret is in them. */
class CapturingLogger implements LoggerService {
  readonly lines: string[] = [];
  log = (message: unknown, ...rest: unknown[]) =>
    this.push('log', message, rest);
  warn = (message: unknown, ...rest: unknown[]) =>
    this.push('warn', message, rest);
  error = (message: unknown, ...rest: unknown[]) =>
    this.push('error', message, rest);
  debug = (message: unknown, ...rest: unknown[]) =>
    this.push('debug', message, rest);
  verbose = (message: unknown, ...rest: unknown[]) =>
    this.push('verbose', message, rest);
  private push(level: string, message: unknown, rest: unknown[]) {
    this.lines.push(
      `${level} ${String(message)} ${rest.map(String).join(' ')}`,
    );
  }
}

async function caught(promise: Promise<unknown>): Promise<PostmarkMailerError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(PostmarkMailerError);
    return error as PostmarkMailerError;
  }
  throw new Error('expected a PostmarkMailerError');
}

describe('VerificationMailer against the sandbox', () => {
  let sandbox: PostmarkSandbox;
  let moduleRef: TestingModule;
  let mailer: VerificationMailer;
  let logger: CapturingLogger;
  const issuedCodes: string[] = [];

  const options = (
    patch: Partial<PostmarkMailerOptions> = {},
  ): PostmarkMailerOptions => ({
    serverToken: TOKEN,
    fromEmail: 'Acme <no-reply@example.com>',
    templates: TEMPLATES,
    apiUrl: sandbox.url,
    timeoutMs: 1_000,
    retry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 5 },
    ...patch,
  });

  async function createMailer(
    patch: Partial<PostmarkMailerOptions> = {},
  ): Promise<TestingModule> {
    const ref = await Test.createTestingModule({
      imports: [PostmarkMailerModule.forRoot(options(patch))],
    })
      .setLogger(logger)
      .compile();
    await ref.init();
    return ref;
  }

  const code = () => {
    const value = String(100000 + issuedCodes.length * 7919);
    issuedCodes.push(value);
    return value;
  };

  beforeAll(async () => {
    sandbox = await startPostmarkSandbox({
      port: 0,
      inactiveRecipients: ['bounced@example.org'],
    });
    logger = new CapturingLogger();
    moduleRef = await createMailer();
    mailer = moduleRef.get(VerificationMailer);
  });

  afterAll(async () => {
    await moduleRef?.close();
    await sandbox?.close();
  });

  beforeEach(() => {
    sandbox.clearMessages();
    sandbox.clearFaults();
    sandbox.resetStats();
  });

  describe('sendVerificationCode', () => {
    it.each([
      ['Register', 'logto-register'],
      ['SignIn', 'logto-sign-in'],
      ['ForgotPassword', 'logto-forgot-password'],
      ['Generic', 'logto-generic'],
      ['MfaVerification', 'logto-generic'],
    ] as const)(
      'sends %s with template %s and the code in the model',
      async (usageType, alias) => {
        const value = code();
        const sent = await mailer.sendVerificationCode({
          to: 'user@example.org',
          usageType,
          code: value,
          model: { appName: 'Acme', code: 'overridden?' },
        });
        expect(sent.messageId).toMatch(/^[0-9a-f-]{36}$/);
        expect(sent.to).toBe('user@example.org');
        expect(Number.isNaN(Date.parse(sent.submittedAt))).toBe(false);

        const [message, ...rest] = sandbox.messages({ to: 'user@example.org' });
        expect(rest).toHaveLength(0);
        expect(message).toMatchObject({
          MessageID: sent.messageId,
          From: 'Acme <no-reply@example.com>',
          To: 'user@example.org',
          TemplateAlias: alias,
          TemplateModel: { code: value, appName: 'Acme' },
          Tag: usageType,
          MessageStream: 'outbound',
        });
        expect(
          `${message.Subject} ${message.TextBody} ${message.HtmlBody}`,
        ).toContain(value);
      },
    );

    it('rejects a call without a code or with an unknown usage type before any request', async () => {
      const noCode = await caught(
        mailer.sendVerificationCode({
          to: 'a@example.org',
          usageType: 'SignIn',
          code: '',
        }),
      );
      expect(noCode.code).toBe('INVALID_ARGUMENT');
      const badType = await caught(
        mailer.sendVerificationCode({
          to: 'a@example.org',
          usageType: 'Login' as 'SignIn',
          code: '1',
        }),
      );
      expect(badType.code).toBe('INVALID_ARGUMENT');
      expect(sandbox.stats().requests).toBe(0);
    });
  });

  describe('maps every Postmark failure to a typed error', () => {
    it('INVALID_RECIPIENT for a To Postmark rejects (300), not retried', async () => {
      const error = await caught(
        mailer.sendVerificationCode({
          to: 'not-an-address',
          usageType: 'SignIn',
          code: code(),
        }),
      );
      expect(error).toMatchObject({
        code: 'INVALID_RECIPIENT',
        postmarkErrorCode: 300,
        httpStatus: 422,
        retryable: false,
        attempts: 1,
      });
      expect(sandbox.stats().requests).toBe(1);
    });

    it('INACTIVE_RECIPIENT for a suppressed address (406)', async () => {
      const error = await caught(
        mailer.sendVerificationCode({
          to: 'bounced@example.org',
          usageType: 'SignIn',
          code: code(),
        }),
      );
      expect(error).toMatchObject({
        code: 'INACTIVE_RECIPIENT',
        postmarkErrorCode: 406,
        retryable: false,
      });
      expect(sandbox.messages()).toHaveLength(0);
    });

    it('UNAUTHORIZED for a refused token (401 / 10), without the token in the error', async () => {
      const error = await caught(
        mailer.testConfiguration(
          {
            serverToken: 'wrong-token-xyz',
            fromEmail: 'no-reply@example.com',
            templates: TEMPLATES,
          },
          'a@example.org',
        ),
      );
      expect(error).toMatchObject({
        code: 'UNAUTHORIZED',
        postmarkErrorCode: 10,
        httpStatus: 401,
        attempts: 1,
      });
      expect(
        `${error.message} ${JSON.stringify(error)} ${String((error.cause as Error)?.message)}`,
      ).not.toContain('wrong-token-xyz');
      expect(sandbox.stats().requests).toBe(1);
    });

    it('SENDER_NOT_CONFIRMED for a From outside the confirmed domains (400)', async () => {
      const error = await caught(
        mailer.testConfiguration(
          {
            serverToken: TOKEN,
            fromEmail: 'Acme <no-reply@acme.com>',
            templates: TEMPLATES,
          },
          'a@example.org',
        ),
      );
      expect(error).toMatchObject({
        code: 'SENDER_NOT_CONFIRMED',
        postmarkErrorCode: 400,
        retryable: false,
      });
      expect(error.message).toContain('no-reply@acme.com');
    });

    it('TEMPLATE_NOT_FOUND naming the alias (1101)', async () => {
      const templates = TEMPLATES.map((t) =>
        t.usageType === 'Generic'
          ? { ...t, templateAlias: 'no-such-template' }
          : t,
      );
      const error = await caught(
        mailer.testConfiguration(
          { serverToken: TOKEN, fromEmail: 'no-reply@example.com', templates },
          'a@example.org',
        ),
      );
      expect(error).toMatchObject({
        code: 'TEMPLATE_NOT_FOUND',
        postmarkErrorCode: 1101,
      });
      expect(error.message).toContain('"no-such-template"');
    });

    it('PROVIDER_ERROR for anything else (an unknown message stream)', async () => {
      const error = await caught(
        mailer.testConfiguration(
          {
            serverToken: TOKEN,
            fromEmail: 'no-reply@example.com',
            templates: TEMPLATES,
            messageStream: 'nope',
          },
          'a@example.org',
        ),
      );
      expect(error).toMatchObject({
        code: 'PROVIDER_ERROR',
        httpStatus: 422,
        retryable: false,
        attempts: 1,
      });
    });

    it.each([429, 503])(
      'retries %i once, then delivers exactly one message',
      async (status) => {
        sandbox.addFault({ status: status as 429 | 503, times: 1 });
        await mailer.sendVerificationCode({
          to: 'retry@example.org',
          usageType: 'SignIn',
          code: code(),
        });
        expect(sandbox.stats().requests).toBe(2);
        expect(sandbox.messages({ to: 'retry@example.org' })).toHaveLength(1);
      },
    );

    it('PROVIDER_UNAVAILABLE after every attempt answered 500', async () => {
      sandbox.addFault({ status: 500, times: 3 });
      const error = await caught(
        mailer.sendVerificationCode({
          to: 'x@example.org',
          usageType: 'SignIn',
          code: code(),
        }),
      );
      expect(error).toMatchObject({
        code: 'PROVIDER_UNAVAILABLE',
        httpStatus: 500,
        retryable: true,
        attempts: 3,
      });
      expect(sandbox.stats().requests).toBe(3);
      expect(sandbox.messages()).toHaveLength(0);
    });

    it('RATE_LIMITED after every attempt answered 429', async () => {
      sandbox.addFault({ status: 429, times: 3 });
      const error = await caught(
        mailer.sendVerificationCode({
          to: 'x@example.org',
          usageType: 'SignIn',
          code: code(),
        }),
      );
      expect(error).toMatchObject({
        code: 'RATE_LIMITED',
        httpStatus: 429,
        retryable: true,
        attempts: 3,
      });
    });

    it('NETWORK after every connection was reset, and recovers on the next call', async () => {
      sandbox.addFault({ reset: true, times: 3 });
      const error = await caught(
        mailer.sendVerificationCode({
          to: 'x@example.org',
          usageType: 'SignIn',
          code: code(),
        }),
      );
      expect(error).toMatchObject({
        code: 'NETWORK',
        retryable: true,
        attempts: 3,
      });
      await mailer.sendVerificationCode({
        to: 'x@example.org',
        usageType: 'SignIn',
        code: code(),
      });
      expect(sandbox.messages({ to: 'x@example.org' })).toHaveLength(1);
    });

    it('TIMEOUT when Postmark answers after timeoutMs', async () => {
      const ref = await createMailer({
        timeoutMs: 100,
        retry: { attempts: 1 },
      });
      try {
        sandbox.addFault({ delayMs: 400, times: 1 });
        const started = Date.now();
        const error = await caught(
          ref.get(VerificationMailer).sendVerificationCode({
            to: 'slow@example.org',
            usageType: 'SignIn',
            code: code(),
          }),
        );
        expect(error).toMatchObject({
          code: 'TIMEOUT',
          retryable: true,
          attempts: 1,
        });
        expect(Date.now() - started).toBeLessThan(350);
      } finally {
        await ref.close();
      }
    });

    it('NETWORK when nothing listens at apiUrl', async () => {
      const ref = await createMailer({
        apiUrl: 'http://127.0.0.1:1',
        retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 1 },
      });
      try {
        const error = await caught(
          ref.get(VerificationMailer).sendVerificationCode({
            to: 'a@example.org',
            usageType: 'SignIn',
            code: code(),
          }),
        );
        expect(error).toMatchObject({ code: 'NETWORK', attempts: 2 });
        expect(error.message).toContain('ECONNREFUSED');
      } finally {
        await ref.close();
      }
    });
  });

  describe('testConfiguration', () => {
    it('sends Generic with a sample code through a candidate without touching the active config', async () => {
      const candidate = {
        serverToken: TOKEN,
        fromEmail: 'Candidate <candidate@example.com>',
        templates: TEMPLATES.map((t) => ({
          ...t,
          templateAlias:
            t.usageType === 'Generic' ? 'logto-sign-in' : t.templateAlias,
        })),
      };
      const sent = await mailer.testConfiguration(
        candidate,
        'admin@example.org',
      );
      const [message] = sandbox.messages({ to: 'admin@example.org' });
      expect(message).toMatchObject({
        MessageID: sent.messageId,
        From: candidate.fromEmail,
        TemplateAlias: 'logto-sign-in',
        Tag: 'Generic',
      });
      expect(message.TemplateModel).toEqual({ code: '123456' });

      await mailer.sendVerificationCode({
        to: 'after@example.org',
        usageType: 'Generic',
        code: code(),
      });
      expect(sandbox.messages({ to: 'after@example.org' })[0]).toMatchObject({
        From: 'Acme <no-reply@example.com>',
        TemplateAlias: 'logto-generic',
      });
    });

    it('rejects an invalid candidate with INVALID_CONFIG and sends nothing', async () => {
      const error = await caught(
        mailer.testConfiguration(
          { serverToken: 'tok-987', fromEmail: 'x', templates: [] },
          'admin@example.org',
        ),
      );
      expect(error.code).toBe('INVALID_CONFIG');
      expect(error.violations).toContain(
        'fromEmail: must be an email address or "Name <address>"',
      );
      expect(error.message).not.toContain('tok-987');
      expect(sandbox.stats().requests).toBe(0);
    });
  });

  describe('checkConfiguration', () => {
    it('verifies the token and every template of the active config', async () => {
      const check = await mailer.checkConfiguration();
      expect(check.ok).toBe(true);
      expect(check.server.ok).toBe(true);
      expect(check.templates.map((t) => [t.templateAlias, t.ok])).toEqual(
        TEMPLATES.map((t) => [t.templateAlias, true]),
      );
      expect(sandbox.stats().byPath).toMatchObject({ '/server': 1 });
    });

    it('reports a missing alias and a refused token of a candidate, one result each', async () => {
      const templates = TEMPLATES.map((t) =>
        t.usageType === 'SignIn' ? { ...t, templateAlias: 'gone' } : t,
      );
      const missing = await mailer.checkConfiguration({
        serverToken: TOKEN,
        fromEmail: 'a@example.com',
        templates,
      });
      expect(missing.ok).toBe(false);
      expect(missing.server.ok).toBe(true);
      expect(
        missing.templates.find((t) => t.usageType === 'SignIn'),
      ).toMatchObject({
        ok: false,
        templateAlias: 'gone',
        error: { code: 'TEMPLATE_NOT_FOUND' },
      });
      expect(missing.templates.filter((t) => t.ok)).toHaveLength(3);

      const refused = await mailer.checkConfiguration({
        serverToken: 'bad',
        fromEmail: 'a@example.com',
        templates: TEMPLATES,
      });
      expect(refused.server).toMatchObject({
        ok: false,
        error: { code: 'UNAUTHORIZED' },
      });
    });
  });

  describe('module', () => {
    it('fails start-up on an invalid config, listing every violation and no token', async () => {
      const error = await caught(
        Test.createTestingModule({
          imports: [
            PostmarkMailerModule.forRoot({
              ...options(),
              fromEmail: 'nope',
              templates: TEMPLATES.slice(1),
              serverToken: 'tok-555',
            }),
          ],
        }).compile(),
      );
      expect(error.code).toBe('INVALID_CONFIG');
      expect(error.message).toContain('fromEmail: must be an email address');
      expect(error.message).toContain('missing usage type Register');
      expect(error.message).not.toContain('tok-555');
    });

    it('verifyTemplatesOnStartup: a missing template fails start-up', async () => {
      const templates = TEMPLATES.map((t) =>
        t.usageType === 'Register'
          ? { ...t, templateAlias: 'missing-at-boot' }
          : t,
      );
      const error = await caught(
        createMailer({ templates, verifyTemplatesOnStartup: true }),
      );
      expect(error.code).toBe('TEMPLATE_NOT_FOUND');
      expect(error.message).toContain('missing-at-boot');
    });

    it('verifyTemplatesOnStartup: an unreachable Postmark only warns', async () => {
      const ref = await createMailer({
        apiUrl: 'http://127.0.0.1:1',
        verifyTemplatesOnStartup: true,
      });
      await ref.close();
      expect(
        logger.lines.some((l) =>
          l.startsWith('warn Could not verify the Postmark config at start-up'),
        ),
      ).toBe(true);
    });

    it('sends with the http adapter too', async () => {
      const ref = await createMailer({ httpAdapter: 'http' });
      try {
        await ref.get(VerificationMailer).sendVerificationCode({
          to: 'http@example.org',
          usageType: 'Register',
          code: code(),
        });
        expect(sandbox.messages({ to: 'http@example.org' })).toHaveLength(1);
      } finally {
        await ref.close();
      }
    });

    it('forRootAsync with @nestjs/config and isGlobal', async () => {
      process.env['POSTMARK_SERVER_TOKEN'] = TOKEN;
      process.env['POSTMARK_FROM_EMAIL'] = 'env@example.com';
      process.env['POSTMARK_TEMPLATES'] = JSON.stringify(TEMPLATES);
      process.env['POSTMARK_API_URL'] = sandbox.url;
      try {
        const ref = await Test.createTestingModule({
          imports: [
            PostmarkMailerModule.forRootAsync({
              isGlobal: true,
              imports: [ConfigModule.forFeature(postmarkConfig)],
              inject: [postmarkConfig.KEY],
              useFactory: (config: ConfigType<typeof postmarkConfig>) => config,
            }),
          ],
        }).compile();
        await ref.get(VerificationMailer).sendVerificationCode({
          to: 'env@example.org',
          usageType: 'SignIn',
          code: code(),
        });
        expect(sandbox.messages({ to: 'env@example.org' })[0].From).toBe(
          'env@example.com',
        );
        await ref.close();
      } finally {
        for (const name of [
          'POSTMARK_SERVER_TOKEN',
          'POSTMARK_FROM_EMAIL',
          'POSTMARK_TEMPLATES',
          'POSTMARK_API_URL',
        ]) {
          delete process.env[name];
        }
      }
    });
  });

  it('logged every send with a masked recipient, and never the token or a code', () => {
    // Declared last, so it reads the log lines of every test above.
    const log = logger.lines.join('\n');
    expect(log).toContain('sent SignIn to u***@example.org');
    expect(log).not.toContain(TOKEN);
    expect(log).not.toContain('wrong-token-xyz');
    for (const issued of issuedCodes) expect(log).not.toContain(issued);
  });
});
