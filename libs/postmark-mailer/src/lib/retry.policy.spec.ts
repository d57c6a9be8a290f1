import { AxiosError, type AxiosResponse } from 'axios';
import { backoffDelay, isRetryable } from './retry.policy';

const withStatus = (status: number) =>
  new AxiosError('failed', 'ERR_BAD_RESPONSE', undefined, null, {
    status,
  } as AxiosResponse);

describe('retry policy', () => {
  it.each([429, 500, 503])('retries HTTP %i', (status) =>
    expect(isRetryable(withStatus(status))).toBe(true),
  );
  it.each([400, 401, 404, 413, 415, 422, 502])(
    'does not retry HTTP %i',
    (status) => expect(isRetryable(withStatus(status))).toBe(false),
  );
  it('retries timeouts and network errors, not cancellations or foreign errors', () => {
    expect(isRetryable(new AxiosError('timeout', 'ETIMEDOUT'))).toBe(true);
    expect(isRetryable(new AxiosError('refused', 'ECONNREFUSED'))).toBe(true);
    expect(isRetryable(new AxiosError('canceled', 'ERR_CANCELED'))).toBe(false);
    expect(isRetryable(new Error('boom'))).toBe(false);
  });

  it('backs off exponentially with equal jitter, capped', () => {
    const options = { attempts: 5, baseDelayMs: 200, maxDelayMs: 1000 };
    expect(backoffDelay(1, options, () => 0)).toBe(100);
    expect(backoffDelay(1, options, () => 1)).toBe(200);
    expect(backoffDelay(2, options, () => 0)).toBe(200);
    expect(backoffDelay(3, options, () => 1)).toBe(800);
    expect(backoffDelay(4, options, () => 1)).toBe(1000);
    expect(backoffDelay(9, options, () => 0)).toBe(500);
  });
});
