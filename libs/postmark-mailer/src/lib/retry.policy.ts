import { isAxiosError } from 'axios';
import type { PostmarkRetryOptions } from './postmark-mailer.options';

/** HTTP statuses that may succeed on a later try. Other 4xx fail the same way again. */
const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([429, 500, 503]);

/**
 * Whether a failed call may be tried again: HTTP 429, 500 and 503, timeouts and network errors.
 * A cancelled call and every other answer are final. Postmark has no idempotency key, so a retry
 * after a timeout can deliver a message twice; that is the price of not losing one.
 */
export function isRetryable(error: unknown): boolean {
  if (!isAxiosError(error)) return false;
  if (error.response) return RETRYABLE_STATUSES.has(error.response.status);
  return error.code !== 'ERR_CANCELED';
}

/**
 * Backoff before retry number `retry` (1 for the wait after the first attempt): exponential from
 * `baseDelayMs`, capped at `maxDelayMs`, with "equal jitter" (half fixed, half random) so that
 * clients that failed together do not come back together.
 */
export function backoffDelay(
  retry: number,
  options: Required<PostmarkRetryOptions>,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(
    options.maxDelayMs,
    options.baseDelayMs * 2 ** (retry - 1),
  );
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
