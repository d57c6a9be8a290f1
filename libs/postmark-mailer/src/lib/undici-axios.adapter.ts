import { EventEmitter } from 'node:events';
import { STATUS_CODES } from 'node:http';
import {
  AxiosError,
  type AxiosAdapter,
  type AxiosResponse,
  type RawAxiosResponseHeaders,
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

function parseTarget(url: string): Target {
  const parsed = new URL(url);
  return { origin: parsed.origin, path: `${parsed.pathname}${parsed.search}` };
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

/**
 * One request's time limit, also following the caller's abort signal. undici takes an
 * EventEmitter as its signal, which costs less per request than an AbortController.
 */
class Deadline extends EventEmitter {
  expired = false;
  private readonly timer?: NodeJS.Timeout;

  constructor(timeoutMs: number, parent?: AbortSignal) {
    super();
    if (timeoutMs > 0) {
      this.timer = setTimeout(() => {
        this.expired = true;
        this.emit('abort');
      }, timeoutMs);
    }
    parent?.addEventListener('abort', () => this.emit('abort'), { once: true });
  }

  clear(): void {
    if (this.timer) clearTimeout(this.timer);
  }
}

interface Target {
  origin: string;
  path: string;
}

const ABSOLUTE_URL = /^[a-z][a-z\d+\-.]*:\/\//i;

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
  /** Parsed `baseURL`s: parsing a URL per request is measurable on the hot path. */
  private readonly bases = new Map<string, Target>();
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
    const target = this.target(config);
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
      const answer = await this.pool(target.origin, timeout).request({
        method: (config.method ?? 'get').toUpperCase() as 'GET',
        path: target.path.includes('?')
          ? target.path
          : `${target.path}${serializeParams(config)}`,
        headers,
        body: (config.data as string | Buffer | undefined) ?? null,
        signal: deadline,
      });
      const data = await answer.body.text();
      const response: AxiosResponse = {
        data,
        status: answer.statusCode,
        statusText: STATUS_CODES[answer.statusCode] ?? '',
        // axios turns these into AxiosHeaders itself once the adapter returns.
        headers: answer.headers as RawAxiosResponseHeaders,
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

  private target(config: InternalAxiosRequestConfig): Target {
    const url = config.url ?? '';
    const baseURL = config.baseURL;
    if (!baseURL || ABSOLUTE_URL.test(url)) return parseTarget(url);
    let base = this.bases.get(baseURL);
    if (!base) {
      base = parseTarget(baseURL);
      base.path = base.path.replace(/\/+$/, '');
      if (this.bases.size >= 64) this.bases.clear();
      this.bases.set(baseURL, base);
    }
    const path = url ? `/${url.replace(/^\/+/, '')}` : '';
    return { origin: base.origin, path: `${base.path}${path}` || '/' };
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
