import { connect } from 'node:net';
import { request as httpRequest } from 'node:http';
import { DEFAULT_SANDBOX_TOKEN } from './postmark-sandbox.options';
import {
  startPostmarkSandbox,
  type PostmarkSandbox,
} from './postmark-sandbox.server';
import { call, plainSend, templateSend } from './sandbox-request.fixture';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** The pattern postmark.js uses to read the addresses out of a 406 message. */
const CLIENT_INACTIVE_PATTERN = /Found inactive addresses: (.+?)\.? Inactive/;

describe('postmark sandbox: Postmark API', () => {
  let sandbox: PostmarkSandbox;

  beforeAll(async () => {
    sandbox = await startPostmarkSandbox({
      inactiveRecipients: ['Bounced@Example.org', 'spam@example.org'],
      messageStreams: ['outbound', 'broadcast'],
      templates: [
        {
          templateId: 7,
          alias: 'escape-check',
          name: 'Escape check',
          subject: 'Hi {{ user.name }} {{missing}}',
          htmlBody: '<p>{{user.name}}</p><p>{{{raw}}}</p>',
          textBody: 'Text {{user.name}}',
        },
        {
          templateId: 8,
          alias: 'retired',
          name: 'Retired',
          subject: 's',
          htmlBody: 'h',
          textBody: 't',
          active: false,
        },
        {
          templateId: 1000002,
          alias: 'logto-sign-in',
          name: 'Sign-in',
          subject: 'Your code {{code}}',
          htmlBody: '<b>{{code}}</b>',
          textBody: 'Code: {{code}}',
        },
      ],
    });
  });

  afterAll(() => sandbox.close());

  beforeEach(() => sandbox.clearMessages());

  describe('POST /email/withTemplate', () => {
    it('answers 200 with To, SubmittedAt, MessageID, ErrorCode 0 and Message OK', async () => {
      const before = Date.now();
      const { status, body, headers } = await call(
        sandbox,
        'POST',
        '/email/withTemplate',
        { body: templateSend() },
      );
      expect(status).toBe(200);
      expect(headers.get('content-type')).toMatch(/^application\/json/);
      expect(Object.keys(body)).toEqual([
        'To',
        'SubmittedAt',
        'MessageID',
        'ErrorCode',
        'Message',
      ]);
      expect(body).toMatchObject({
        To: 'user@example.org',
        ErrorCode: 0,
        Message: 'OK',
      });
      expect(body.MessageID).toMatch(UUID);
      expect(body.SubmittedAt).toMatch(
        /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}[+-]\d\d:\d\d$/,
      );
      expect(Date.parse(body.SubmittedAt)).toBeGreaterThanOrEqual(before - 1);
    });

    it('stores the message with its template, model and rendered subject and bodies', async () => {
      const { body } = await call(sandbox, 'POST', '/email/withTemplate', {
        body: templateSend({
          From: 'Acme <No-Reply@EXAMPLE.com>',
          Tag: 'sign-in',
          TemplateModel: { code: '987654' },
        }),
      });
      const [message] = sandbox.messages();
      expect(message).toMatchObject({
        MessageID: body.MessageID,
        From: 'Acme <No-Reply@EXAMPLE.com>',
        To: 'user@example.org',
        TemplateId: 1000002,
        TemplateAlias: 'logto-sign-in',
        TemplateModel: { code: '987654' },
        Tag: 'sign-in',
        MessageStream: 'outbound',
        Subject: 'Your code 987654',
        HtmlBody: '<b>987654</b>',
        TextBody: 'Code: 987654',
        ReceivedAt: body.SubmittedAt,
      });
    });

    it('finds the template by TemplateId, as a number or a digit string', async () => {
      for (const TemplateId of [1000002, '1000002']) {
        const { status } = await call(sandbox, 'POST', '/email/withTemplate', {
          body: templateSend({ TemplateAlias: undefined, TemplateId }),
        });
        expect(status).toBe(200);
      }
      expect(sandbox.messages().map((m) => m.TemplateAlias)).toEqual([
        'logto-sign-in',
        'logto-sign-in',
      ]);
    });

    it('HTML-escapes model values in HtmlBody only, renders dotted paths, spaces and missing values', async () => {
      const name = `<script>"x" & 'y'</script>`;
      await call(sandbox, 'POST', '/email/withTemplate', {
        body: templateSend({
          TemplateAlias: 'escape-check',
          TemplateModel: { user: { name }, raw: '<i>ok</i>' },
        }),
      });
      const [message] = sandbox.messages();
      expect(message?.Subject).toBe(`Hi ${name} `);
      expect(message?.TextBody).toBe(`Text ${name}`);
      expect(message?.HtmlBody).toBe(
        '<p>&lt;script&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/script&gt;</p><p><i>ok</i></p>',
      );
    });

    it('reads field names case-insensitively, as Postmark does', async () => {
      const { status } = await call(sandbox, 'POST', '/email/withTemplate', {
        body: {
          from: 'no-reply@example.com',
          TO: 'user@example.org',
          templatealias: 'logto-sign-in',
          templateModel: { code: '1' },
        },
      });
      expect(status).toBe(200);
      expect(sandbox.messages()[0]?.Subject).toBe('Your code 1');
    });

    it('accepts a named recipient, a quoted name with a comma and several recipients', async () => {
      const To =
        'Ann <ann@example.org>, "Doe, John" <john@example.org>, bob@example.org';
      const { status, body } = await call(
        sandbox,
        'POST',
        '/email/withTemplate',
        { body: templateSend({ To }) },
      );
      expect(status).toBe(200);
      expect(body.To).toBe(To);
      expect(sandbox.messages()[0]?.Recipients).toEqual([
        'ann@example.org',
        'john@example.org',
        'bob@example.org',
      ]);
    });

    it('sends on another existing message stream', async () => {
      const { status } = await call(sandbox, 'POST', '/email/withTemplate', {
        body: templateSend({ MessageStream: 'broadcast' }),
      });
      expect(status).toBe(200);
      expect(sandbox.messages()[0]?.MessageStream).toBe('broadcast');
    });

    it.each([
      [
        'an unknown TemplateAlias',
        { TemplateAlias: 'nope' },
        "The Template's 'Alias' associated with this request is not valid or was not found.",
      ],
      [
        'an unknown TemplateId',
        { TemplateAlias: undefined, TemplateId: 424242 },
        "The 'TemplateId' associated with this request is not valid or was not found.",
      ],
      [
        'an inactive template',
        { TemplateAlias: 'retired' },
        "The Template's 'Alias' associated with this request is not valid or was not found.",
      ],
    ])('answers 422/1101 for %s', async (_case, overrides, message) => {
      const { status, body } = await call(
        sandbox,
        'POST',
        '/email/withTemplate',
        { body: templateSend(overrides) },
      );
      expect(status).toBe(422);
      expect(body).toEqual({ ErrorCode: 1101, Message: message });
      expect(sandbox.messages()).toEqual([]);
    });

    it.each([
      [
        'no TemplateId nor TemplateAlias',
        { TemplateAlias: undefined },
        "'TemplateId' or 'TemplateAlias'",
      ],
      [
        'a blank TemplateAlias',
        { TemplateAlias: '  ' },
        "'TemplateId' or 'TemplateAlias'",
      ],
      ['no TemplateModel', { TemplateModel: undefined }, "'TemplateModel'"],
      ['a null TemplateModel', { TemplateModel: null }, "'TemplateModel'"],
      ['no From', { From: undefined }, "'From'"],
      ['an empty From', { From: '' }, "'From'"],
    ])(
      'answers 422/403 naming the field for %s',
      async (_case, overrides, field) => {
        const { status, body } = await call(
          sandbox,
          'POST',
          '/email/withTemplate',
          { body: templateSend(overrides) },
        );
        expect(status).toBe(422);
        expect(body.ErrorCode).toBe(403);
        expect(body.Message).toContain(field);
        expect(sandbox.messages()).toEqual([]);
      },
    );

    it.each([
      ['TemplateId', { TemplateAlias: undefined, TemplateId: 'logto-sign-in' }],
      ['TemplateModel', { TemplateModel: ['123456'] }],
      ['To', { To: ['user@example.org'] }],
      ['TrackOpens', { TrackOpens: 'yes' }],
    ])(
      'answers 422/403 naming %s when its type is wrong',
      async (field, overrides) => {
        const { status, body } = await call(
          sandbox,
          'POST',
          '/email/withTemplate',
          { body: templateSend(overrides) },
        );
        expect(status).toBe(422);
        expect(body.ErrorCode).toBe(403);
        expect(body.Message).toMatch(
          /^Received valid, but incompatible JSON input\./,
        );
        expect(body.Message).toContain(`'${field}'`);
      },
    );

    it('answers 422/402 for a body that is not JSON, and for an empty body', async () => {
      for (const rawBody of ['{"From": ', '']) {
        const { status, body } = await call(
          sandbox,
          'POST',
          '/email/withTemplate',
          { rawBody },
        );
        expect(status).toBe(422);
        expect(body).toEqual({
          ErrorCode: 402,
          Message: 'Received invalid JSON input.',
        });
      }
    });

    it('answers 422/403 for JSON that is not an object', async () => {
      const { status, body } = await call(
        sandbox,
        'POST',
        '/email/withTemplate',
        { body: [templateSend()] },
      );
      expect(status).toBe(422);
      expect(body.ErrorCode).toBe(403);
    });

    it.each([
      [
        'no @',
        'user.example.org',
        "Error parsing 'To': Illegal email address 'user.example.org'. It must contain the '@' symbol.",
      ],
      [
        'a bad domain',
        'user@example',
        "Error parsing 'To': Illegal email domain 'example' in address 'user@example'.",
      ],
      [
        'one bad address in a list',
        'ok@example.org, bad',
        "Error parsing 'To': Illegal email address 'bad'. It must contain the '@' symbol.",
      ],
      [
        'an unclosed bracket',
        'Ann <ann@example.org',
        "Error parsing 'To': Illegal email address 'Ann <ann@example.org'.",
      ],
      ['no recipient at all', ' , ', 'Zero recipients specified'],
    ])('answers 422/300 for a To with %s', async (_case, To, message) => {
      const { status, body } = await call(
        sandbox,
        'POST',
        '/email/withTemplate',
        { body: templateSend({ To }) },
      );
      expect(status).toBe(422);
      expect(body).toEqual({ ErrorCode: 300, Message: message });
      expect(sandbox.messages()).toEqual([]);
    });

    it('answers 422/300 for a missing To', async () => {
      const { status, body } = await call(
        sandbox,
        'POST',
        '/email/withTemplate',
        { body: templateSend({ To: undefined }) },
      );
      expect(status).toBe(422);
      expect(body).toEqual({
        ErrorCode: 300,
        Message: 'Zero recipients specified',
      });
    });

    it('answers 422/300 for more than 50 recipients, and accepts exactly 50', async () => {
      const list = (n: number): string =>
        Array.from({ length: n }, (_, i) => `u${i}@example.org`).join(',');
      const fifty = await call(sandbox, 'POST', '/email/withTemplate', {
        body: templateSend({ To: list(50) }),
      });
      expect(fifty.status).toBe(200);
      const { status, body } = await call(
        sandbox,
        'POST',
        '/email/withTemplate',
        { body: templateSend({ To: list(51) }) },
      );
      expect(status).toBe(422);
      expect(body.ErrorCode).toBe(300);
      expect(body.Message).toContain('51');
    });

    it('answers 422/300 for a bad Cc', async () => {
      const { status, body } = await call(
        sandbox,
        'POST',
        '/email/withTemplate',
        { body: templateSend({ Cc: 'nope' }) },
      );
      expect(status).toBe(422);
      expect(body.ErrorCode).toBe(300);
      expect(body.Message).toMatch(/^Error parsing 'Cc'/);
    });

    it('answers 422/300 for a From that is not an address', async () => {
      const { status, body } = await call(
        sandbox,
        'POST',
        '/email/withTemplate',
        { body: templateSend({ From: 'no-reply' }) },
      );
      expect(status).toBe(422);
      expect(body.ErrorCode).toBe(300);
      expect(body.Message).toMatch(/^Error parsing 'From'/);
    });

    it.each([
      'no-reply@acme.com',
      'Acme <no-reply@acme.com>',
      'no-reply@mail.example.com',
    ])('answers 422/400 for From %s, not on a sender domain', async (From) => {
      const { status, body } = await call(
        sandbox,
        'POST',
        '/email/withTemplate',
        { body: templateSend({ From }) },
      );
      expect(status).toBe(422);
      expect(body).toEqual({
        ErrorCode: 400,
        Message: `The 'From' address you supplied (${From}) is not a Sender Signature on your account. Please add and confirm this address in order to be able to use it in the 'From' field of your messages.`,
      });
      expect(sandbox.messages()).toEqual([]);
    });

    it('answers 422/406 for an inactive recipient (any case) and stores nothing', async () => {
      const { status, body } = await call(
        sandbox,
        'POST',
        '/email/withTemplate',
        { body: templateSend({ To: 'BOUNCED@example.org' }) },
      );
      expect(status).toBe(422);
      expect(body.ErrorCode).toBe(406);
      expect(body.Message).toMatch(
        /^You tried to send to recipient\(s\) that have been marked as inactive\./,
      );
      expect(body.Message.match(CLIENT_INACTIVE_PATTERN)?.[1]).toBe(
        'BOUNCED@example.org',
      );
      expect(sandbox.messages()).toEqual([]);
    });

    it('answers 422/406 naming the inactive ones, but delivers to the active ones, when only some are inactive', async () => {
      const { status, body } = await call(
        sandbox,
        'POST',
        '/email/withTemplate',
        {
          body: templateSend({ To: 'user@example.org, spam@example.org' }),
        },
      );
      expect(status).toBe(422);
      expect(body).toEqual({
        ErrorCode: 406,
        Message:
          'Message OK, but will not deliver to these inactive addresses: spam@example.org.',
      });
      expect(sandbox.messages().map((m) => m.Recipients)).toEqual([
        ['user@example.org'],
      ]);
    });

    it('answers 422/1235 for an unknown message stream', async () => {
      const { status, body } = await call(
        sandbox,
        'POST',
        '/email/withTemplate',
        { body: templateSend({ MessageStream: 'nope' }) },
      );
      expect(status).toBe(422);
      expect(body).toEqual({
        ErrorCode: 1235,
        Message: "The stream provided: 'nope' does not exist on this server.",
      });
    });
  });

  describe('POST /email', () => {
    it('stores a plain send and answers 200', async () => {
      const { status, body } = await call(sandbox, 'POST', '/email', {
        body: plainSend({
          HtmlBody: '<p>Hi</p>',
          Cc: 'cc@example.org',
          Metadata: { id: '1' },
        }),
      });
      expect(status).toBe(200);
      expect(body).toMatchObject({
        To: 'user@example.org',
        ErrorCode: 0,
        Message: 'OK',
      });
      expect(sandbox.messages()[0]).toMatchObject({
        MessageID: body.MessageID,
        Subject: 'Hello',
        HtmlBody: '<p>Hi</p>',
        TextBody: 'Hello there',
        Cc: 'cc@example.org',
        Metadata: { id: '1' },
        Recipients: ['user@example.org', 'cc@example.org'],
      });
      expect(sandbox.messages()[0]).not.toHaveProperty('TemplateAlias');
    });

    it('accepts HtmlBody alone', async () => {
      const { status } = await call(sandbox, 'POST', '/email', {
        body: plainSend({ TextBody: undefined, HtmlBody: '<p>x</p>' }),
      });
      expect(status).toBe(200);
    });

    it('answers 422/300 when there is neither HtmlBody nor TextBody', async () => {
      const { status, body } = await call(sandbox, 'POST', '/email', {
        body: plainSend({ TextBody: undefined }),
      });
      expect(status).toBe(422);
      expect(body).toEqual({
        ErrorCode: 300,
        Message: 'Provide either email TextBody or HtmlBody or both.',
      });
      expect(sandbox.messages()).toEqual([]);
    });

    it('runs the same checks as a template send', async () => {
      expect(
        (
          await call(sandbox, 'POST', '/email', {
            body: plainSend({ From: 'x@acme.com' }),
          })
        ).body.ErrorCode,
      ).toBe(400);
      expect(
        (
          await call(sandbox, 'POST', '/email', {
            body: plainSend({ To: 'spam@example.org' }),
          })
        ).body.ErrorCode,
      ).toBe(406);
      expect(
        (
          await call(sandbox, 'POST', '/email', {
            body: plainSend({ To: 'bad' }),
          })
        ).body.ErrorCode,
      ).toBe(300);
      expect(
        (
          await call(sandbox, 'POST', '/email', {
            body: plainSend({ Subject: 5 }),
          })
        ).body.ErrorCode,
      ).toBe(403);
      expect(
        (await call(sandbox, 'POST', '/email', { rawBody: 'nope' })).body
          .ErrorCode,
      ).toBe(402);
    });
  });

  describe('authentication and media types', () => {
    it('answers 401/10 without a token', async () => {
      const { status, body } = await call(sandbox, 'GET', '/server', {
        token: null,
      });
      expect(status).toBe(401);
      expect(body).toEqual({
        ErrorCode: 10,
        Message:
          'No Account or Server API tokens were supplied in the HTTP headers. Please add a header for either X-Postmark-Server-Token or X-Postmark-Account-Token.',
      });
    });

    it('answers 401/10 for a wrong token, and stores nothing', async () => {
      const { status, body } = await call(
        sandbox,
        'POST',
        '/email/withTemplate',
        { body: templateSend(), token: 'wrong' },
      );
      expect(status).toBe(401);
      expect(body).toEqual({
        ErrorCode: 10,
        Message:
          'The Server Token you provided in the X-Postmark-Server-Token request header was invalid. Please verify that you are using a valid token.',
      });
      expect(sandbox.messages()).toEqual([]);
    });

    it('compares the token value case-insensitively, whatever the header name case', async () => {
      const status = await new Promise<number>((resolve, reject) => {
        const req = httpRequest(`${sandbox.url}/server`, {
          headers: {
            'X-POSTMARK-SERVER-TOKEN': DEFAULT_SANDBOX_TOKEN.toUpperCase(),
            ACCEPT: 'application/json',
          },
        });
        req.on('response', (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', reject);
        req.end();
      });
      expect(status).toBe(200);
    });

    it.each([
      ['no Accept header', { accept: null }],
      ['Accept text/html', { accept: 'text/html' }],
      ['Accept */*', { accept: '*/*' }],
      ['no Content-Type on a POST', { contentType: null }],
      ['Content-Type text/plain on a POST', { contentType: 'text/plain' }],
    ])('answers 415 with %s', async (_case, options) => {
      const { status, body } = await call(
        sandbox,
        'POST',
        '/email/withTemplate',
        { body: templateSend(), ...options },
      );
      expect(status).toBe(415);
      expect(body.ErrorCode).toBe(409);
      expect(sandbox.messages()).toEqual([]);
    });

    it('accepts the other JSON media types Postmark allows, with parameters', async () => {
      const { status } = await call(sandbox, 'POST', '/email/withTemplate', {
        body: templateSend(),
        accept: 'text/json',
        contentType: 'application/json; charset=utf-8',
      });
      expect(status).toBe(200);
      expect(
        (await call(sandbox, 'GET', '/server', { accept: 'text/x-json' }))
          .status,
      ).toBe(200);
    });

    it('answers 415 on GET without a JSON Accept, and does not need a Content-Type there', async () => {
      expect(
        (await call(sandbox, 'GET', '/server', { accept: null })).status,
      ).toBe(415);
      expect((await call(sandbox, 'GET', '/server')).status).toBe(200);
    });

    it('accepts any of several configured tokens', async () => {
      const multi = await startPostmarkSandbox({
        serverTokens: ['first', 'second'],
      });
      try {
        expect(
          (await call(multi, 'GET', '/server', { token: 'second' })).status,
        ).toBe(200);
        expect(
          (
            await call(multi, 'GET', '/server', {
              token: DEFAULT_SANDBOX_TOKEN,
            })
          ).status,
        ).toBe(401);
      } finally {
        await multi.close();
      }
    });
  });

  describe('GET /server and GET /templates/{idOrAlias}', () => {
    it('answers the server in Postmark shape without echoing the token', async () => {
      const { status, body } = await call(sandbox, 'GET', '/server');
      expect(status).toBe(200);
      expect(body).toMatchObject({
        ID: 1,
        Name: expect.any(String),
        Color: expect.any(String),
        SmtpApiActivated: true,
        RawEmailEnabled: false,
        DeliveryType: 'Live',
        ServerLink: expect.stringContaining('postmarkapp.com'),
        InboundHash: expect.any(String),
      });
      expect(body.ApiTokens).toHaveLength(1);
      expect(JSON.stringify(body)).not.toContain(DEFAULT_SANDBOX_TOKEN);
    });

    it('answers a template by alias and by id', async () => {
      const byAlias = await call(sandbox, 'GET', '/templates/logto-sign-in');
      expect(byAlias.status).toBe(200);
      expect(byAlias.body).toEqual({
        TemplateId: 1000002,
        Alias: 'logto-sign-in',
        Name: 'Sign-in',
        Subject: 'Your code {{code}}',
        HtmlBody: '<b>{{code}}</b>',
        TextBody: 'Code: {{code}}',
        Active: true,
        TemplateType: 'Standard',
        LayoutTemplate: null,
        AssociatedServerId: 1,
      });
      const byId = await call(sandbox, 'GET', '/templates/7');
      expect(byId.body).toMatchObject({ TemplateId: 7, Alias: 'escape-check' });
    });

    it('answers an inactive template with Active false', async () => {
      const { status, body } = await call(sandbox, 'GET', '/templates/retired');
      expect(status).toBe(200);
      expect(body.Active).toBe(false);
    });

    it('answers 422/1101 for an unknown alias or id', async () => {
      expect(await call(sandbox, 'GET', '/templates/nope')).toMatchObject({
        status: 422,
        body: {
          ErrorCode: 1101,
          Message:
            "The Template's 'Alias' associated with this request is not valid or was not found.",
        },
      });
      expect(await call(sandbox, 'GET', '/templates/123')).toMatchObject({
        status: 422,
        body: {
          ErrorCode: 1101,
          Message:
            "The 'TemplateId' associated with this request is not valid or was not found.",
        },
      });
      expect(
        (await call(sandbox, 'GET', '/templates/%E0%A4%A')).body.ErrorCode,
      ).toBe(1101);
    });

    it('needs the token on template reads too', async () => {
      expect(
        (
          await call(sandbox, 'GET', '/templates/logto-sign-in', {
            token: 'nope',
          })
        ).status,
      ).toBe(401);
    });
  });

  describe('routing and robustness', () => {
    it('answers 404 JSON for an unknown path', async () => {
      const { status, body } = await call(sandbox, 'GET', '/nope');
      expect(status).toBe(404);
      expect(body).toEqual({
        ErrorCode: 404,
        Message: expect.stringContaining('/nope'),
      });
      expect((await call(sandbox, 'GET', '/templates/a/b')).status).toBe(404);
    });

    it('answers 405 with Allow for a wrong method', async () => {
      const post = await call(sandbox, 'GET', '/email/withTemplate');
      expect(post.status).toBe(405);
      expect(post.headers.get('allow')).toBe('POST');
      expect(post.body.ErrorCode).toBe(405);
      const server = await call(sandbox, 'DELETE', '/server');
      expect(server.status).toBe(405);
      expect(server.headers.get('allow')).toBe('GET');
      expect(
        (await call(sandbox, 'PUT', '/templates/logto-sign-in')).status,
      ).toBe(405);
    });

    it('matches paths case-insensitively and with a trailing slash, ignoring the query string', async () => {
      expect(
        (
          await call(sandbox, 'POST', '/Email/WithTemplate/', {
            body: templateSend(),
          })
        ).status,
      ).toBe(200);
      expect((await call(sandbox, 'GET', '/server?x=1')).status).toBe(200);
    });

    it('answers 413 for a body over maxBodyBytes, stores nothing and keeps serving', async () => {
      const small = await startPostmarkSandbox({ maxBodyBytes: 1024 });
      try {
        const big = await call(small, 'POST', '/email', {
          body: plainSend({ TextBody: 'x'.repeat(4096) }),
        });
        expect(big.status).toBe(413);
        expect(big.body.ErrorCode).toBe(413);
        expect(small.messages()).toEqual([]);
        expect(
          (await call(small, 'POST', '/email', { body: plainSend() })).status,
        ).toBe(200);
      } finally {
        await small.close();
      }
    });

    it('answers 413 above the default 10 MB limit', async () => {
      const { status } = await call(sandbox, 'POST', '/email', {
        body: plainSend({ TextBody: 'x'.repeat(10 * 1024 * 1024) }),
      });
      expect(status).toBe(413);
      expect(sandbox.messages()).toEqual([]);
    });

    it('survives a malformed HTTP request and keeps answering', async () => {
      const reply = await new Promise<string>((resolve, reject) => {
        const socket = connect(sandbox.port, '127.0.0.1', () =>
          socket.write('THIS IS NOT HTTP\r\n\r\n'),
        );
        let data = '';
        socket.on('data', (chunk) => (data += chunk.toString()));
        socket.on('close', () => resolve(data));
        socket.on('error', reject);
      });
      expect(reply).toMatch(/^HTTP\/1\.1 400/);
      expect((await call(sandbox, 'GET', '/server')).status).toBe(200);
    });

    it('survives a client that disconnects in the middle of a body', async () => {
      await new Promise<void>((resolve) => {
        const socket = connect(sandbox.port, '127.0.0.1', () => {
          socket.write(
            'POST /email HTTP/1.1\r\nHost: x\r\nAccept: application/json\r\nContent-Type: application/json\r\n' +
              `X-Postmark-Server-Token: ${DEFAULT_SANDBOX_TOKEN}\r\nContent-Length: 1000\r\n\r\n{"From":`,
          );
          setTimeout(() => {
            socket.destroy();
            resolve();
          }, 50);
        });
      });
      expect(
        (await call(sandbox, 'POST', '/email', { body: plainSend() })).status,
      ).toBe(200);
    });
  });
});
