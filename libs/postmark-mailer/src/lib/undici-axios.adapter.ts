import { STATUS_CODES } from 'node:http';
import {
  AxiosError,
  AxiosHeaders,
  type AxiosAdapter,
  type AxiosResponse,
  type InternalAxiosRequestConfig,
} from 'axios';
import { Pool, errors as undiciErrors } from 'undici';

export interface UndiciAxiosAdapterOptions {
  /**
   * Most connections per origin.
   * @default 64
   */
  connections?: number;
  /**
   * How long an idle keep-alive connection stays open, in ms.
   * @default 30000
   */
  keepAliveTimeoutMs?: number;
}

function joinUrl(baseURL: string | undefined, url: string | undefined): string {
  const path = url ?? '';
  if (!baseURL || /^[a-z][a-z\d+\-.]*:\/\//i.test(path)) return path;
  return path
    ? `${baseURL.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`
    : baseURL;
}

function serializeParams(config: InternalAxiosRequestConfig): string {
  const params: unknown = config.params;
  if (params === undefined || params === null) return '';
  const query = new URLSearchParams(
    params as Record<string, string>,
  ).toString();
  return query ? `?${query}` : '';
}

function isTimeout(error: unknown): boolean {
  return (
    error instanceof undiciErrors.HeadersTimeoutError ||
    error instanceof undiciErrors.BodyTimeoutError ||
    error instanceof undiciErrors.ConnectTimeoutError
  );
}

/** One request's time limit, also following the caller's abort signal. */
class Deadline {
  expired = false;
  readonly signal?: AbortSignal;
  private readonly timer?: NodeJS.Timeout;

  constructor(timeoutMs: number, parent?: AbortSignal) {
    if (timeoutMs <= 0) {
      this.signal = parent;
      return;
    }
    const controller = new AbortController();
    this.signal = controller.signal;
    this.timer = setTimeout(() => {
      this.expired = true;
      controller.abort();
    }, timeoutMs);
    parent?.addEventListener('abort', () => controller.abort(parent.reason), {
      once: true,
    });
  }

  clear(): void {
    if (this.timer) clearTimeout(this.timer);
  }
}

/**
 * An axios adapter that sends through one undici `Pool` per origin: keep-alive connections,
 * pipelined parsing, no per-request agent work. axios keeps its interceptors, transforms and
 * error type, so `@nestjs/axios` users configure and intercept it as usual.
 *
 * `timeout` of a request bounds the connect, the wait for the answer's headers and the gaps in
 * its body; when it strikes, the adapter rejects with an `AxiosError` of code `ETIMEDOUT`.
 */
export class UndiciAxiosAdapter {
  private readonly pools = new Map<string, Pool>();
  private closed = false;

  constructor(private readonly options: UndiciAxiosAdapterOptions = {}) {}

  /** The adapter function to put in an axios config (`adapter`). */
  readonly adapter: AxiosAdapter = (config) => this.request(config);

  private pool(origin: string, timeoutMs: number): Pool {
    let pool = this.pools.get(origin);
    if (!pool) {
      if (this.closed) throw new Error('UndiciAxiosAdapter is closed');
      pool = new Pool(origin, {
        connections: this.options.connections ?? 64,
        keepAliveTimeout: this.options.keepAliveTimeoutMs ?? 30_000,
        connectTimeout: timeoutMs || 10_000,
      });
      this.pools.set(origin, pool);
    }
    return pool;
  }

  private async request(
    config: InternalAxiosRequestConfig,
  ): Promise<AxiosResponse> {
    const url = new URL(joinUrl(config.baseURL, config.url));
    const timeout = config.timeout ?? 0;
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(config.headers.toJSON(true))) {
      if (value !== undefined && value !== null) headers[name] = String(value);
    }
    // undici's own headers/body timeouts run on a coarse (~0.5 s) clock; a native timer keeps
    // `timeout` exact and bounds the whole exchange, connect to last byte.
    const deadline = new Deadline(
      timeout,
      config.signal as AbortSignal | undefined,
    );
    try {
      const answer = await this.pool(url.origin, timeout).request({
        method: (config.method ?? 'get').toUpperCase() as 'GET',
        path: `${url.pathname}${url.search || serializeParams(config)}`,
        headers,
        body: (config.data as string | Buffer | undefined) ?? null,
        signal: deadline.signal,
      });
      const data = await answer.body.text();
      const response: AxiosResponse = {
        data,
        status: answer.statusCode,
        statusText: STATUS_CODES[answer.statusCode] ?? '',
        headers: AxiosHeaders.from(answer.headers as Record<string, string>),
        config,
        request: null,
      };
      const validateStatus = config.validateStatus;
      if (!validateStatus || validateStatus(response.status)) return response;
      throw new AxiosError(
        `Request failed with status code ${response.status}`,
        response.status >= 500
          ? AxiosError.ERR_BAD_RESPONSE
          : AxiosError.ERR_BAD_REQUEST,
        config,
        null,
        response,
      );
    } catch (error) {
      if (error instanceof AxiosError) throw error;
      throw this.toAxiosError(
        deadline.expired ? new undiciErrors.HeadersTimeoutError() : error,
        config,
      );
    } finally {
      deadline.clear();
    }
  }

  private toAxiosError(
    error: unknown,
    config: InternalAxiosRequestConfig,
  ): AxiosError {
    if (isTimeout(error)) {
      const timeoutError = new AxiosError(
        `timeout of ${config.timeout}ms exceeded`,
        AxiosError.ETIMEDOUT,
        config,
      );
      timeoutError.cause = error as Error;
      return timeoutError;
    }
    const code = (error as { code?: string }).code ?? AxiosError.ERR_NETWORK;
    return AxiosError.from(error, code, config);
  }

  /** Closes every pool; in-flight requests finish first. */
  async close(): Promise<void> {
    this.closed = true;
    const pools = [...this.pools.values()];
    this.pools.clear();
    await Promise.all(pools.map((pool) => pool.close()));
  }
}
