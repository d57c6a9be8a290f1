import { createServer } from 'node:net';
import { DEFAULT_SANDBOX_TOKEN } from './postmark-sandbox.options';
import {
  startPostmarkSandbox,
  type PostmarkSandbox,
} from './postmark-sandbox.server';
import { SandboxFaultError, type SandboxFault } from './sandbox-faults';
import { call, templateSend } from './sandbox-request.fixture';

const send = (
  sandbox: PostmarkSandbox,
  overrides: Record<string, unknown> = {},
) =>
  call(sandbox, 'POST', '/email/withTemplate', {
    body: templateSend(overrides),
  });

describe('postmark sandbox: /sandbox endpoints, faults, stats and lifecycle', () => {
  let sandbox: PostmarkSandbox;

  beforeAll(async () => {
    sandbox = await startPostmarkSandbox();
  });

  afterAll(() => sandbox.close());

  beforeEach(() => {
    sandbox.clearMessages();
    sandbox.clearFaults();
    sandbox.resetStats();
  });

  describe('mailbox', () => {
    it('GET /sandbox/messages lists newest first, with rendered content, without a token', async () => {
      for (const code of ['111111', '222222', '333333']) {
        await send(sandbox, { TemplateModel: { code } });
      }
      const { status, body } = await call(sandbox, 'GET', '/sandbox/messages', {
        token: null,
        accept: null,
      });
      expect(status).toBe(200);
      expect(body.TotalCount).toBe(3);
      expect(body.Messages.map((m: { Subject: string }) => m.Subject)).toEqual([
        'Your verification code is 333333',
        'Your verification code is 222222',
        'Your verification code is 111111',
      ]);
      expect(body.Messages[0].HtmlBody).toContain('333333');
      expect(body.Messages[0].TextBody).toContain('333333');
      expect(body.Messages[0].TemplateModel).toEqual({ code: '333333' });
      expect(sandbox.messages().map((m) => m.MessageID)).toEqual(
        body.Messages.map((m: { MessageID: string }) => m.MessageID),
      );
    });

    it('filters on ?to= case-insensitively, matching any recipient', async () => {
      await send(sandbox, { To: 'ann@example.org' });
      await send(sandbox, { To: 'bob@example.org, Ann@Example.org' });
      await send(sandbox, { To: 'carl@example.org' });
      const { body } = await call(
        sandbox,
        'GET',
        `/sandbox/messages?to=${encodeURIComponent('ANN@example.ORG')}`,
      );
      expect(body.Messages.map((m: { To: string }) => m.To)).toEqual([
        'bob@example.org, Ann@Example.org',
        'ann@example.org',
      ]);
      expect(sandbox.messages({ to: 'carl@example.org' })).toHaveLength(1);
      expect(
        (await call(sandbox, 'GET', '/sandbox/messages?to=nobody@example.org'))
          .body,
      ).toEqual({ TotalCount: 0, Messages: [] });
    });

    it('DELETE /sandbox/messages empties the mailbox with 204', async () => {
      await send(sandbox);
      const { status, body } = await call(
        sandbox,
        'DELETE',
        '/sandbox/messages',
        { token: null },
      );
      expect(status).toBe(204);
      expect(body).toBeUndefined();
      expect(sandbox.messages()).toEqual([]);
    });

    it('keeps only the newest mailboxLimit messages', async () => {
      const small = await startPostmarkSandbox({ mailboxLimit: 2 });
      try {
        for (const code of ['1', '2', '3', '4', '5']) {
          await send(small, { TemplateModel: { code } });
        }
        expect(small.messages().map((m) => m.TemplateModel?.['code'])).toEqual([
          '5',
          '4',
        ]);
        expect(
          (await call(small, 'GET', '/sandbox/messages')).body.TotalCount,
        ).toBe(2);
      } finally {
        await small.close();
      }
    });
  });

  describe('stats', () => {
    it('counts Postmark API calls per path, failed ones included, and not /sandbox calls', async () => {
      await send(sandbox);
      await send(sandbox, { TemplateAlias: 'nope' });
      await call(sandbox, 'GET', '/server', { token: 'wrong' });
      await call(sandbox, 'GET', '/templates/logto-sign-in');
      await call(sandbox, 'GET', '/sandbox/messages');
      const { status, body } = await call(sandbox, 'GET', '/sandbox/stats');
      expect(status).toBe(200);
      expect(body).toEqual({
        requests: 4,
        byPath: {
          '/email/withTemplate': 2,
          '/server': 1,
          '/templates/logto-sign-in': 1,
        },
      });
      expect(sandbox.stats()).toEqual(body);
    });

    it('DELETE /sandbox/stats and resetStats() reset the counts', async () => {
      await send(sandbox);
      expect((await call(sandbox, 'DELETE', '/sandbox/stats')).status).toBe(
        204,
      );
      expect(sandbox.stats()).toEqual({ requests: 0, byPath: {} });
      await send(sandbox);
      sandbox.resetStats();
      expect(sandbox.stats().requests).toBe(0);
    });

    it('clearMessages() does not reset the counts', async () => {
      await send(sandbox);
      sandbox.clearMessages();
      expect(sandbox.stats().requests).toBe(1);
    });
  });

  describe('faults', () => {
    it('POST /sandbox/faults answers 201 with the stored fault, GET lists it, DELETE clears it', async () => {
      const created = await call(sandbox, 'POST', '/sandbox/faults', {
        body: { status: 503, times: 2 },
        token: null,
      });
      expect(created.status).toBe(201);
      expect(created.body).toEqual({
        id: expect.any(Number),
        status: 503,
        times: 2,
        remaining: 2,
      });
      expect((await call(sandbox, 'GET', '/sandbox/faults')).body).toEqual({
        Faults: [created.body],
      });
      expect((await call(sandbox, 'DELETE', '/sandbox/faults')).status).toBe(
        204,
      );
      expect(sandbox.faults()).toEqual([]);
      expect((await send(sandbox)).status).toBe(200);
    });

    it('a status fault answers that status `times` times with nothing stored, then calls go through', async () => {
      sandbox.addFault({ status: 503, times: 2 });
      const first = await send(sandbox);
      const second = await send(sandbox);
      expect([first.status, second.status]).toEqual([503, 503]);
      expect(first.body).toEqual({
        ErrorCode: 100,
        Message: expect.stringContaining('Maintenance'),
      });
      expect(sandbox.messages()).toEqual([]);
      expect((await send(sandbox)).status).toBe(200);
      expect(sandbox.messages()).toHaveLength(1);
      expect(sandbox.stats().requests).toBe(3);
    });

    it.each([
      [429, 429],
      [500, 500],
    ] as const)(
      'a %i fault answers a Postmark-like JSON body',
      async (status, errorCode) => {
        await call(sandbox, 'POST', '/sandbox/faults', {
          body: { status, times: 1 },
        });
        const answer = await send(sandbox);
        expect(answer.status).toBe(status);
        expect(answer.body).toEqual({
          ErrorCode: errorCode,
          Message: expect.any(String),
        });
        expect(sandbox.messages()).toEqual([]);
      },
    );

    it('applies faults to any Postmark endpoint, before authentication, but never to /sandbox calls', async () => {
      sandbox.addFault({ status: 429, times: 2 });
      expect((await call(sandbox, 'GET', '/sandbox/messages')).status).toBe(
        200,
      );
      expect(
        (await call(sandbox, 'GET', '/server', { token: 'wrong' })).status,
      ).toBe(429);
      expect(
        (await call(sandbox, 'GET', '/templates/logto-generic')).status,
      ).toBe(429);
      expect((await call(sandbox, 'GET', '/server')).status).toBe(200);
    });

    it('probability 1 faults every call until cleared; probability 0 never', async () => {
      sandbox.addFault({ status: 500, probability: 0 });
      expect((await send(sandbox)).status).toBe(200);
      sandbox.addFault({ status: 500, probability: 1 });
      for (let i = 0; i < 5; i++) {
        expect((await send(sandbox)).status).toBe(500);
      }
      sandbox.clearFaults();
      expect((await send(sandbox)).status).toBe(200);
      expect(sandbox.messages()).toHaveLength(2);
    });

    it('uses `times` faults first, in the order added, then probabilistic ones', async () => {
      sandbox.addFault({ status: 500, probability: 1 });
      sandbox.addFault({ status: 429, times: 1 });
      sandbox.addFault({ status: 503, times: 1 });
      const statuses = [];
      for (let i = 0; i < 3; i++) {
        statuses.push((await send(sandbox)).status);
      }
      expect(statuses).toEqual([429, 503, 500]);
    });

    it('a delay fault waits, then handles and stores the call', async () => {
      sandbox.addFault({ delayMs: 300, times: 1 });
      const started = Date.now();
      const answer = await send(sandbox);
      expect(answer.status).toBe(200);
      expect(Date.now() - started).toBeGreaterThanOrEqual(280);
      expect(sandbox.messages().map((m) => m.MessageID)).toEqual([
        answer.body.MessageID,
      ]);
      const quick = Date.now();
      await send(sandbox);
      expect(Date.now() - quick).toBeLessThan(250);
    });

    it('a reset fault drops the connection: the client gets a socket error and nothing is stored', async () => {
      sandbox.addFault({ reset: true, times: 1 });
      const error = await send(sandbox).then(
        () => undefined,
        (e: unknown) => e,
      );
      // fetch (undici) reports a dropped connection as TypeError('fetch failed') with the socket error as cause.
      expect(error).toMatchObject({
        name: 'TypeError',
        message: 'fetch failed',
      });
      expect(String((error as { cause?: unknown }).cause)).toMatch(
        /socket|closed|ECONNRESET|EPIPE/i,
      );
      expect(sandbox.messages()).toEqual([]);
      expect(sandbox.stats().requests).toBe(1);
      expect((await send(sandbox)).status).toBe(200);
    });

    it.each([
      [{ status: 404, times: 1 }, "'status'"],
      [{ status: 503 }, "'times' or 'probability'"],
      [{ status: 503, times: 0 }, "'times'"],
      [{ status: 503, probability: 1.5 }, "'probability'"],
      [{ delayMs: 'soon', times: 1 }, "'delayMs'"],
      [{ reset: 'yes', times: 1 }, "'reset'"],
      [{ times: 1 }, "'status', 'delayMs' or 'reset'"],
      [{ status: 503, times: 1, when: 'now' }, "'when'"],
    ])(
      'POST /sandbox/faults answers 400 naming the field for %j',
      async (fault, field) => {
        const { status, body } = await call(
          sandbox,
          'POST',
          '/sandbox/faults',
          { body: fault },
        );
        expect(status).toBe(400);
        expect(body.Message).toContain(field);
        expect(sandbox.faults()).toEqual([]);
      },
    );

    it('POST /sandbox/faults answers 400 for a body that is not JSON or not an object', async () => {
      expect(
        (await call(sandbox, 'POST', '/sandbox/faults', { rawBody: '{status' }))
          .body,
      ).toEqual({
        ErrorCode: 400,
        Message: 'The body is not valid JSON.',
      });
      expect(
        (await call(sandbox, 'POST', '/sandbox/faults', { body: [1] })).status,
      ).toBe(400);
      expect((await call(sandbox, 'POST', '/sandbox/faults')).status).toBe(400);
    });

    it('addFault() validates too', () => {
      expect(() =>
        sandbox.addFault({ status: 418, times: 1 } as unknown as SandboxFault),
      ).toThrow(SandboxFaultError);
      expect(sandbox.addFault({ reset: true, probability: 0.25 })).toEqual({
        id: expect.any(Number),
        reset: true,
        probability: 0.25,
      });
    });
  });

  describe('sandbox routing', () => {
    it('answers 404 for an unknown /sandbox path and 405 for a wrong method', async () => {
      expect((await call(sandbox, 'GET', '/sandbox/nope')).status).toBe(404);
      const wrong = await call(sandbox, 'PUT', '/sandbox/messages', {
        body: {},
      });
      expect(wrong.status).toBe(405);
      expect(wrong.headers.get('allow')).toBe('GET, DELETE');
      expect(
        (await call(sandbox, 'POST', '/sandbox/stats', { body: {} })).status,
      ).toBe(405);
      expect(
        (await call(sandbox, 'PATCH', '/sandbox/faults', { body: {} })).status,
      ).toBe(405);
      expect(sandbox.stats().requests).toBe(0);
    });
  });

  describe('start and close', () => {
    it('listens on 127.0.0.1 and a free port by default', async () => {
      expect(sandbox.host).toBe('127.0.0.1');
      expect(sandbox.port).toBeGreaterThan(0);
      expect(sandbox.url).toBe(`http://127.0.0.1:${sandbox.port}`);
    });

    it('close() returns promptly with keep-alive connections and a pending delayed call, and is idempotent', async () => {
      const other = await startPostmarkSandbox();
      await call(other, 'GET', '/server');
      other.addFault({ delayMs: 60_000, times: 1 });
      const pending = call(other, 'GET', '/server', {
        token: DEFAULT_SANDBOX_TOKEN,
      }).then(
        () => 'answered',
        () => 'failed',
      );
      await new Promise((resolve) => setTimeout(resolve, 50));
      const started = Date.now();
      await Promise.all([other.close(), other.close()]);
      expect(Date.now() - started).toBeLessThan(1000);
      expect(await pending).toBe('failed');
      await expect(fetch(`${other.url}/server`)).rejects.toThrow();
    });

    it('rejects when the port is taken', async () => {
      await expect(
        startPostmarkSandbox({ port: sandbox.port }),
      ).rejects.toThrow(/EADDRINUSE/);
    });

    it('rejects bad options with a message naming the option', async () => {
      await expect(startPostmarkSandbox({ mailboxLimit: 0 })).rejects.toThrow(
        "'mailboxLimit'",
      );
      await expect(startPostmarkSandbox({ serverTokens: [] })).rejects.toThrow(
        "'serverTokens'",
      );
      await expect(startPostmarkSandbox({ port: 70000 })).rejects.toThrow(
        "'port'",
      );
      await expect(
        startPostmarkSandbox({
          templates: [
            {
              templateId: 1,
              alias: 'a',
              name: 'a',
              subject: '',
              htmlBody: '',
              textBody: '',
            },
            {
              templateId: 2,
              alias: 'a',
              name: 'b',
              subject: '',
              htmlBody: '',
              textBody: '',
            },
          ],
        }),
      ).rejects.toThrow("duplicate template alias 'a'");
    });

    it('does not leave the port bound after a failed start', async () => {
      const probe = createServer();
      await new Promise<void>((resolve) =>
        probe.listen(0, '127.0.0.1', resolve),
      );
      const { port } = probe.address() as { port: number };
      await new Promise<void>((resolve) => probe.close(() => resolve()));
      await expect(
        startPostmarkSandbox({ port, mailboxLimit: -1 }),
      ).rejects.toThrow();
      const again = await startPostmarkSandbox({ port });
      expect(again.port).toBe(port);
      await again.close();
    });
  });
});
