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
  return path ? `${baseURL.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}` : baseURL;
}

function serializeParams(config: InternalAxiosRequestConfig): string {
  const params: unknown = config.params;
  if (params === undefined || params === null) return '';
  const query = new URLSearchParams(params as Record<string, string>).toString();
  return query ? `?${query}` : '';
}

function isTimeout(error: unknown): boolean {
  return (
    error instanceof undiciErrors.HeadersTimeoutError ||
    error instanceof undiciErrors.BodyTimeoutError ||
    error instanceof undiciErrors.ConnectTimeoutError
  );
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

  private async request(config: InternalAxiosRequestConfig): Promise<AxiosResponse> {
    const url = new URL(joinUrl(config.baseURL, config.url));
    const timeout = config.timeout ?? 0;
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(config.headers.toJSON(true))) {
      if (value !== undefined && value !== null) headers[name] = String(value);
    }
    let answer;
    try {
      answer = await this.pool(url.origin, timeout).request({
        method: (config.method ?? 'get').toUpperCase() as 'GET',
        path: `${url.pathname}${url.search || serializeParams(config)}`,
        headers,
        body: (config.data as string | Buffer | undefined) ?? null,
        headersTimeout: timeout,
        bodyTimeout: timeout,
        signal: config.signal as AbortSignal | undefined,
      });
    } catch (error) {
      throw this.toAxiosError(error, config);
    }
    let data: string;
    try {
      data = await answer.body.text();
    } catch (error) {
      throw this.toAxiosError(error, config);
    }
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
      response.status >= 500 ? AxiosError.ERR_BAD_RESPONSE : AxiosError.ERR_BAD_REQUEST,
      config,
      null,
      response,
    );
  }

  private toAxiosError(error: unknown, config: InternalAxiosRequestConfig): AxiosError {
    if (isTimeout(error)) {
      const timeoutError = new AxiosError(`timeout of ${config.timeout}ms exceeded`, AxiosError.ETIMEDOUT, config);
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
