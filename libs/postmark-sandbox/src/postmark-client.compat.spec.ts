/**
 * The official `postmark` client (v5) against the sandbox: the same results and error classes
 * come out of it as from the real API. The client does not retry, and its timeout is set low,
 * so a failing test fails fast instead of hanging.
 */
import { Errors, ServerClient } from 'postmark';
import { DEFAULT_SANDBOX_TOKEN } from './postmark-sandbox.options';
import {
  startPostmarkSandbox,
  type PostmarkSandbox,
} from './postmark-sandbox.server';

describe('official postmark client against the sandbox', () => {
  let sandbox: PostmarkSandbox;
  let client: ServerClient;

  const clientWith = (token: string): ServerClient =>
    new ServerClient(token, {
      requestHost: `127.0.0.1:${sandbox.port}`,
      useHttps: false,
      timeout: 5,
    });

  const send = (
    overrides: Partial<
      Parameters<ServerClient['sendEmailWithTemplate']>[0]
    > = {},
  ) =>
    client.sendEmailWithTemplate({
      From: 'Acme <no-reply@example.com>',
      To: 'user@example.org',
      TemplateAlias: 'logto-sign-in',
      TemplateModel: { code: '123456' },
      ...overrides,
    });

  /** The rejection of `promise`, which must reject. */
  const rejection = (promise: Promise<unknown>): Promise<unknown> =>
    promise.then(
      () => {
        throw new Error('expected the call to fail');
      },
      (error: unknown) => error,
    );

  beforeAll(async () => {
    sandbox = await startPostmarkSandbox({
      inactiveRecipients: ['bounced@example.org'],
    });
    client = clientWith(DEFAULT_SANDBOX_TOKEN);
  });

  afterAll(() => sandbox.close());

  beforeEach(() => {
    sandbox.clearMessages();
    sandbox.clearFaults();
  });

  it('sendEmailWithTemplate returns a MessageID and the message lands in the mailbox', async () => {
    const result = await send();
    expect(result).toMatchObject({
      To: 'user@example.org',
      ErrorCode: 0,
      Message: 'OK',
    });
    expect(result.MessageID).toMatch(/^[0-9a-f-]{36}$/);
    expect(new Date(result.SubmittedAt).getTime()).not.toBeNaN();
    const [message] = sandbox.messages({ to: 'user@example.org' });
    expect(message).toMatchObject({
      MessageID: result.MessageID,
      Subject: 'Your verification code is 123456',
    });
  });

  it('sendEmail (plain) works too', async () => {
    const result = await client.sendEmail({
      From: 'no-reply@example.com',
      To: 'user@example.org',
      Subject: 'Hi',
      TextBody: 'Body',
    });
    expect(result.ErrorCode).toBe(0);
    expect(sandbox.messages()[0]?.TextBody).toBe('Body');
  });

  it('a bad token gives InvalidAPIKeyError with code 10', async () => {
    const error = await rejection(
      clientWith('not-the-token').sendEmailWithTemplate({
        From: 'no-reply@example.com',
        To: 'user@example.org',
        TemplateAlias: 'logto-sign-in',
        TemplateModel: { code: '1' },
      }),
    );
    expect(error).toBeInstanceOf(Errors.InvalidAPIKeyError);
    expect(error).toMatchObject({ code: 10, statusCode: 401 });
  });

  it('an unknown alias gives ApiInputError with code 1101', async () => {
    const error = await rejection(send({ TemplateAlias: 'nope' }));
    expect(error).toBeInstanceOf(Errors.ApiInputError);
    expect(error).not.toBeInstanceOf(Errors.InvalidEmailRequestError);
    expect(error).toMatchObject({ code: 1101, statusCode: 422 });
  });

  it('an inactive recipient gives InactiveRecipientsError with code 406 and the address', async () => {
    const error = await rejection(send({ To: 'bounced@example.org' }));
    expect(error).toBeInstanceOf(Errors.InactiveRecipientsError);
    expect(error).toMatchObject({
      code: 406,
      statusCode: 422,
      recipients: ['bounced@example.org'],
    });
    expect(sandbox.messages()).toEqual([]);
  });

  it('a partly inactive send also gives InactiveRecipientsError naming only the inactive address', async () => {
    const error = await rejection(
      send({ To: 'user@example.org, bounced@example.org' }),
    );
    expect(error).toBeInstanceOf(Errors.InactiveRecipientsError);
    expect(error).toMatchObject({
      code: 406,
      recipients: ['bounced@example.org'],
    });
  });

  it('an invalid To gives InvalidEmailRequestError with code 300', async () => {
    const error = await rejection(send({ To: 'not-an-address' }));
    expect(error).toBeInstanceOf(Errors.InvalidEmailRequestError);
    expect(error).toMatchObject({ code: 300, statusCode: 422 });
  });

  it('a send without a body gives InvalidEmailRequestError, as the client’s own integration test expects', async () => {
    const error = await rejection(
      client.sendEmail({
        From: 'no-reply@example.com',
        To: 'user@example.org',
        Subject: 'x',
      }),
    );
    expect(error).toBeInstanceOf(Errors.InvalidEmailRequestError);
    expect(error).toMatchObject({ code: 300 });
  });

  it('a From off the sender domains gives ApiInputError with code 400', async () => {
    const error = await rejection(send({ From: 'no-reply@acme.com' }));
    expect(error).toBeInstanceOf(Errors.ApiInputError);
    expect(error).toMatchObject({ code: 400, statusCode: 422 });
  });

  it.each([
    [429, 'RateLimitExceededError', Errors.RateLimitExceededError],
    [500, 'InternalServerError', Errors.InternalServerError],
    [503, 'ServiceUnavailablerError', Errors.ServiceUnavailablerError],
  ] as const)('a %i fault gives %s', async (status, name, errorClass) => {
    sandbox.addFault({ status, times: 1 });
    const error = await rejection(send());
    expect(error).toBeInstanceOf(errorClass);
    expect(error).toMatchObject({ name, statusCode: status });
    expect(sandbox.messages()).toEqual([]);
    await expect(send()).resolves.toMatchObject({ ErrorCode: 0 });
  });

  it('a reset fault gives a PostmarkError without status (a network failure)', async () => {
    sandbox.addFault({ reset: true, times: 1 });
    const error = await rejection(send());
    expect(error).toBeInstanceOf(Errors.PostmarkError);
    expect(error).not.toBeInstanceOf(Errors.HttpError);
    expect(error).toMatchObject({ statusCode: 0 });
  });

  it('getServer works', async () => {
    const server = await client.getServer();
    expect(server).toMatchObject({ ID: 1, DeliveryType: 'Live' });
    expect(server.ApiTokens).not.toContain(DEFAULT_SANDBOX_TOKEN);
  });

  it("getTemplate('logto-sign-in') works, and by id", async () => {
    const template = await client.getTemplate('logto-sign-in');
    expect(template).toMatchObject({
      Alias: 'logto-sign-in',
      Active: true,
      TemplateType: 'Standard',
    });
    expect(template.HtmlBody).toContain('{{code}}');
    await expect(
      client.getTemplate(template.TemplateId),
    ).resolves.toMatchObject({ Alias: 'logto-sign-in' });
  });

  it("getTemplate('nope') gives ApiInputError with code 1101", async () => {
    const error = await rejection(client.getTemplate('nope'));
    expect(error).toBeInstanceOf(Errors.ApiInputError);
    expect(error).toMatchObject({ code: 1101, statusCode: 422 });
  });
});
