/** Counts of Postmark API calls received (every request outside `/sandbox/`), for retry assertions. */
export interface SandboxStatsSnapshot {
  /** All calls, including the ones a fault answered or dropped. */
  requests: number;
  /** Calls per path as requested, without the query string and trailing slash, e.g. `/email/withTemplate`. */
  byPath: Record<string, number>;
}

export class SandboxStats {
  private requests = 0;
  private byPath = new Map<string, number>();

  record(path: string): void {
    this.requests++;
    this.byPath.set(path, (this.byPath.get(path) ?? 0) + 1);
  }

  snapshot(): SandboxStatsSnapshot {
    return { requests: this.requests, byPath: Object.fromEntries(this.byPath) };
  }

  reset(): void {
    this.requests = 0;
    this.byPath = new Map();
  }
}
