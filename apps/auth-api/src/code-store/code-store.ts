/**
 * The store could not be reached or did not answer in time (Redis down, restarting, timing out).
 * The API answers it with 503 `service_unavailable` and `Retry-After`, never 500.
 */
export class CodeStoreUnavailableError extends Error {
  override readonly name = 'CodeStoreUnavailableError';
  constructor(cause?: unknown) {
    super(
      `code store unavailable: ${cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause)}`,
      { cause },
    );
  }
}

/** Injection token of the {@link CodeStore}. */
export const CODE_STORE = Symbol('CODE_STORE');

export type IssueResult =
  { issued: true } | { issued: false; retryAfterMs: number };

export type VerifyResult =
  | { status: 'verified' }
  | { status: 'invalid'; attemptsRemaining: number }
  | { status: 'expired' }
  | { status: 'locked' };

export interface IssueOptions {
  /** Life of the code. */
  ttlMs: number;
  /** No new code for the same key within this time (0: none). */
  cooldownMs: number;
}

/**
 * Where verification codes live, one per key (email and usage type), as HMACs only.
 * Implementations are atomic per key: `verify` checks, counts and consumes in one step.
 */
export interface CodeStore {
  /** Stores `hash` as the key's code, replacing the previous one, unless the key is in its resend cooldown. */
  issue(key: string, hash: string, options: IssueOptions): Promise<IssueResult>;
  /** Removes the key's code and cooldown if the code is still `hash` (a send that failed). */
  discard(key: string, hash: string): Promise<void>;
  /**
   * Checks `hash` against the key's code: `verified` consumes it; a wrong one counts an attempt and
   * after `maxAttempts` wrong ones the code is `locked` until it expires.
   */
  verify(key: string, hash: string, maxAttempts: number): Promise<VerifyResult>;
  /** Throws when the store cannot be used (readiness). */
  ping(): Promise<void>;
  close(): Promise<void>;
}
