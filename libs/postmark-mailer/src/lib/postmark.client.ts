import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { HttpService } from '@nestjs/axios';
import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import type { AxiosRequestConfig } from 'axios';
import { setTimeout as sleep } from 'node:timers/promises';
import { InjectPostmarkConfig } from './postmark-mailer.constants';
import type { ResolvedPostmarkConfig } from './postmark-mailer.options';
import { toPostmarkMailerError } from './postmark-error.mapper';
import { backoffDelay, isRetryable } from './retry.policy';
import { UndiciAxiosAdapter } from './undici-axios.adapter';

const LEAN_DEFAULT_HEADERS = {
  common: {},
} as unknown as HttpService['axiosRef']['defaults']['headers'];

/** `POST /email/withTemplate` body (Postmark's field names). */
export interface PostmarkTemplateMessage {
  From: string;
  To: string;
  TemplateAlias: string;
  TemplateModel: Record<string, unknown>;
  MessageStream: string;
  Tag?: string;
}

/** Postmark's answer to a send. */
export interface PostmarkSendResponse {
  To: string;
  SubmittedAt: string;
  MessageID: string;
  ErrorCode: number;
  Message: string;
}

export interface PostmarkServerResponse {
  ID: number;
  Name: string;
}

export interface PostmarkTemplateResponse {
  TemplateId: number;
  Alias: string | null;
  Name: string;
  Active: boolean;
}

export interface PostmarkCallResult<T> {
  data: T;
  attempts: number;
}

/**
 * The calls to the Postmark API, through the module's private `@nestjs/axios` `HttpService`.
 * Every call carries the config it is made for, so a candidate config is tested without
 * touching the active one. Retries and error mapping live here; nothing above sees axios.
 */
@Injectable()
export class PostmarkClient implements OnModuleDestroy {
  private readonly undici?: UndiciAxiosAdapter;
  private readonly agents: Array<HttpAgent | HttpsAgent> = [];
  /** Per-request axios settings: the HttpModule's axios instance is shared, so nothing goes in its defaults. */
  private readonly transport: AxiosRequestConfig;

  constructor(
    private readonly http: HttpService,
    @InjectPostmarkConfig() config: ResolvedPostmarkConfig,
  ) {
    // This axios instance belongs to the module's private HttpModule. axios deep-merges its
    // defaults into every request; its per-method default headers are replaced by the ones each
    // call sets itself, which makes that merge measurably cheaper. Same values for every module
    // instance, so sharing the instance stays safe.
    http.axiosRef.defaults.headers = LEAN_DEFAULT_HEADERS;
    if (config.httpAdapter === 'undici') {
      this.undici = new UndiciAxiosAdapter({ connections: config.connections });
      this.transport = { adapter: this.undici.adapter, maxRedirects: 0 };
    } else {
      const options = { keepAlive: true, maxSockets: config.connections };
      const httpAgent = new HttpAgent(options);
      const httpsAgent = new HttpsAgent(options);
      this.agents.push(httpAgent, httpsAgent);
      this.transport = {
        adapter: 'http',
        httpAgent,
        httpsAgent,
        maxRedirects: 0,
      };
    }
  }

  sendWithTemplate(
    config: ResolvedPostmarkConfig,
    message: PostmarkTemplateMessage,
    operation: string,
  ): Promise<PostmarkCallResult<PostmarkSendResponse>> {
    return this.call(
      config,
      { method: 'POST', url: '/email/withTemplate', data: message },
      operation,
      message.TemplateAlias,
    );
  }

  getServer(
    config: ResolvedPostmarkConfig,
    attempts?: number,
  ): Promise<PostmarkCallResult<PostmarkServerResponse>> {
    return this.call(
      config,
      { method: 'GET', url: '/server' },
      'GET /server',
      undefined,
      attempts,
    );
  }

  getTemplate(
    config: ResolvedPostmarkConfig,
    alias: string,
    attempts?: number,
  ): Promise<PostmarkCallResult<PostmarkTemplateResponse>> {
    const url = `/templates/${encodeURIComponent(alias)}`;
    return this.call(
      config,
      { method: 'GET', url },
      `GET /templates/${alias}`,
      alias,
      attempts,
    );
  }

  private async call<T>(
    config: ResolvedPostmarkConfig,
    request: AxiosRequestConfig,
    operation: string,
    templateAlias?: string,
    maxAttempts = config.retry.attempts,
  ): Promise<PostmarkCallResult<T>> {
    const headers: Record<string, string> = {
      Accept: 'application/json',
      'X-Postmark-Server-Token': config.serverToken,
    };
    if (request.data !== undefined) {
      headers['Content-Type'] = 'application/json';
    }
    const axiosConfig: AxiosRequestConfig = {
      ...this.transport,
      ...request,
      baseURL: config.apiUrl,
      timeout: config.timeoutMs,
      headers,
    };
    // Straight to the HttpService's axios instance (its interceptors still apply): the
    // Observable wrapper would add a CancelToken per call and cancel it, building an error
    // with a stack trace, on every completion.
    for (let attempts = 1; ; attempts++) {
      try {
        const response = await this.http.axiosRef.request<T>(axiosConfig);
        return { data: response.data, attempts };
      } catch (error) {
        if (attempts >= maxAttempts || !isRetryable(error)) {
          throw toPostmarkMailerError(error, {
            operation,
            attempts,
            templateAlias,
            serverToken: config.serverToken,
          });
        }
        await sleep(backoffDelay(attempts, config.retry));
      }
    }
  }

  async onModuleDestroy(): Promise<void> {
    await this.undici?.close();
    for (const agent of this.agents) agent.destroy();
  }
}
