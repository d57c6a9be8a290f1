import type { ArgumentsHost } from '@nestjs/common';
import { ServiceUnavailableException } from '@nestjs/common';
import { CodeStoreUnavailableError } from '../code-store/code-store';
import { ApiExceptionFilter } from './api-exception.filter';

function answer(exception: unknown) {
  const reply = {
    headers: {} as Record<string, string>,
    statusCode: 0,
    body: undefined as unknown,
    header(name: string, value: string) {
      this.headers[name.toLowerCase()] = value;
      return this;
    },
    status(code: number) {
      this.statusCode = code;
      return this;
    },
    send(body: unknown) {
      this.body = body;
      return this;
    },
  };
  const host = {
    switchToHttp: () => ({
      getResponse: () => reply,
      getRequest: () => ({ method: 'POST', url: '/v1/verification-codes' }),
    }),
  } as unknown as ArgumentsHost;
  new ApiExceptionFilter().catch(exception, host);
  return reply;
}

describe('ApiExceptionFilter: the code store being down', () => {
  it('is 503 service_unavailable with Retry-After, not 500, and names no detail', () => {
    const reply = answer(
      new CodeStoreUnavailableError(
        new Error('connect ECONNREFUSED 10.0.0.7:6379'),
      ),
    );
    expect(reply.statusCode).toBe(503);
    expect(reply.body).toMatchObject({
      statusCode: 503,
      error: 'service_unavailable',
    });
    expect(Number(reply.headers['retry-after'])).toBeGreaterThan(0);
    expect(JSON.stringify(reply.body)).not.toContain('10.0.0.7');
  });

  it('a readiness failure (Terminus 503) is 503 service_unavailable with its details', () => {
    const reply = answer(
      new ServiceUnavailableException({
        status: 'error',
        error: { codeStore: { status: 'down' } },
        details: { codeStore: { status: 'down' } },
      }),
    );
    expect(reply.statusCode).toBe(503);
    expect(reply.body).toMatchObject({
      error: 'service_unavailable',
      details: { codeStore: { status: 'down' } },
    });
  });
});
