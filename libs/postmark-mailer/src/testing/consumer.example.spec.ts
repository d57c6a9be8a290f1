/* eslint-disable @nx/enforce-module-boundaries -- this spec is written as a consumer would: through the public entry points only */
import { Injectable } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { PostmarkMailerError, VerificationMailer } from '@app/postmark-mailer';
import {
  FakeVerificationMailer,
  PostmarkMailerTestingModule,
} from '@app/postmark-mailer/testing';
/* eslint-enable @nx/enforce-module-boundaries */

/** A consumer's service, as an app would write it. */
@Injectable()
class SignInService {
  constructor(private readonly mailer: VerificationMailer) {}

  async start(email: string): Promise<'sent' | 'try-later' | 'bad-address'> {
    try {
      await this.mailer.sendVerificationCode({
        to: email,
        usageType: 'SignIn',
        code: '424242',
        model: { appName: 'Acme' },
      });
      return 'sent';
    } catch (error) {
      if (error instanceof PostmarkMailerError && error.retryable)
        return 'try-later';
      if (
        error instanceof PostmarkMailerError &&
        error.code === 'INVALID_RECIPIENT'
      )
        return 'bad-address';
      throw error;
    }
  }
}

describe('testing a consumer with PostmarkMailerTestingModule', () => {
  let service: SignInService;
  let fake: FakeVerificationMailer;

  beforeEach(async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [PostmarkMailerTestingModule.forRoot()],
      providers: [SignInService],
    }).compile();
    service = moduleRef.get(SignInService);
    fake = moduleRef.get(FakeVerificationMailer);
  });

  it('records what would have been sent', async () => {
    await expect(service.start('jane@example.org')).resolves.toBe('sent');
    expect(fake.sent).toHaveLength(1);
    expect(fake.sent[0]).toMatchObject({
      to: 'jane@example.org',
      usageType: 'SignIn',
      model: { appName: 'Acme' },
      kind: 'send',
    });
    expect(fake.lastCodeFor('JANE@example.org', 'SignIn')).toBe('424242');
  });

  it('fails on demand with a given code', async () => {
    fake.failNextWith('PROVIDER_UNAVAILABLE');
    await expect(service.start('jane@example.org')).resolves.toBe('try-later');
    await expect(service.start('jane@example.org')).resolves.toBe('sent');
    fake.failWith('UNAUTHORIZED');
    await expect(service.start('jane@example.org')).rejects.toMatchObject({
      code: 'UNAUTHORIZED',
    });
    fake.reset();
    await expect(service.start('jane@example.org')).resolves.toBe('sent');
    expect(fake.sent).toHaveLength(1);
  });

  it('rejects an address Postmark would reject', async () => {
    await expect(service.start('not an address')).resolves.toBe('bad-address');
    expect(fake.sent).toHaveLength(0);
  });

  it('validates candidate configs like the real mailer', async () => {
    await expect(
      fake.testConfiguration(
        { serverToken: 't', fromEmail: 'x', templates: [] },
        'a@example.org',
      ),
    ).rejects.toMatchObject({
      code: 'INVALID_CONFIG',
    });
    const check = await fake.checkConfiguration();
    expect(check.templates.map((t) => t.templateAlias)).toContain(
      'logto-sign-in',
    );
  });
});
