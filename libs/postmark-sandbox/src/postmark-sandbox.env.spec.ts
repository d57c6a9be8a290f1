import { readSandboxEnv } from './postmark-sandbox.env';

describe('readSandboxEnv', () => {
  it('defaults to 127.0.0.1:3025 and the default token and domain', () => {
    expect(readSandboxEnv({})).toEqual({ port: 3025, host: '127.0.0.1' });
  });

  it('reads port, host, tokens and sender domains', () => {
    expect(
      readSandboxEnv({
        POSTMARK_SANDBOX_PORT: '0',
        POSTMARK_SANDBOX_HOST: '0.0.0.0',
        POSTMARK_SANDBOX_TOKENS: ' one , two,',
        POSTMARK_SANDBOX_SENDER_DOMAINS: 'acme.com,Example.org',
      }),
    ).toEqual({
      port: 0,
      host: '0.0.0.0',
      serverTokens: ['one', 'two'],
      senderDomains: ['acme.com', 'Example.org'],
    });
  });

  it('ignores empty lists', () => {
    expect(
      readSandboxEnv({
        POSTMARK_SANDBOX_TOKENS: ' , ',
        POSTMARK_SANDBOX_SENDER_DOMAINS: '',
      }),
    ).toEqual({
      port: 3025,
      host: '127.0.0.1',
    });
  });

  it.each(['abc', '70000', '-1', '3.5'])(
    'refuses POSTMARK_SANDBOX_PORT=%s',
    (port) => {
      expect(() => readSandboxEnv({ POSTMARK_SANDBOX_PORT: port })).toThrow(
        'POSTMARK_SANDBOX_PORT',
      );
    },
  );
});
