import {
  createServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  FAULT_ANSWERS,
  INVALID_JSON,
  INVALID_TOKEN,
  JSON_REQUIRED,
  MISSING_TOKEN,
  incompatibleJson,
  templateNotFound,
  type PostmarkErrorAnswer,
} from './postmark.errors';
import {
  resolveSandboxOptions,
  type PostmarkSandboxOptions,
  type ResolvedSandboxOptions,
} from './postmark-sandbox.options';
import {
  handlePlainSend,
  handleTemplateSend,
  type SendContext,
  type SendOutcome,
} from './postmark-send.handler';
import {
  SandboxFaultError,
  SandboxFaultQueue,
  type SandboxFault,
  type SandboxFaultRecord,
} from './sandbox-faults';
import { parseJson, readBody, sendEmpty, sendJson } from './sandbox-http.util';
import {
  SandboxMailbox,
  type SandboxMessage,
  type SandboxMessageFilter,
} from './sandbox-mailbox';
import { SandboxStats, type SandboxStatsSnapshot } from './sandbox-stats';
import { SandboxTemplateCatalog } from './sandbox-templates';

/** The id of the one server the sandbox impersonates (`GET /server`, `AssociatedServerId`). */
export const SANDBOX_SERVER_ID = 1;

/** A running sandbox. */
export interface PostmarkSandbox {
  /** Base URL, e.g. `http://127.0.0.1:3025`; use it as the Postmark API URL. */
  readonly url: string;
  /** The port it listens on (the real one when started with port 0). */
  readonly port: number;
  /** The host it listens on. */
  readonly host: string;
  /** Accepted messages, newest first; `to` matches any recipient address, case-insensitively. */
  messages(filter?: SandboxMessageFilter): SandboxMessage[];
  clearMessages(): void;
  /** Adds a fault for the next Postmark API calls; throws `SandboxFaultError` for a bad one. */
  addFault(fault: SandboxFault): SandboxFaultRecord;
  /** The faults still pending, `times` ones first. */
  faults(): SandboxFaultRecord[];
  clearFaults(): void;
  /** Postmark API calls received since start or `resetStats()`. */
  stats(): SandboxStatsSnapshot;
  resetStats(): void;
  /** Stops listening, drops every open (keep-alive) connection and pending delayed call. */
  close(): Promise<void>;
}

/** The `GET /server` answer, in Postmark's shape; the token is masked. */
export interface SandboxServerResponse {
  ID: number;
  Name: string;
  ApiTokens: string[];
  Color: string;
  SmtpApiActivated: boolean;
  RawEmailEnabled: boolean;
  DeliveryType: 'Live';
  ServerLink: string;
  InboundAddress: string;
  InboundHookUrl: string;
  BounceHookUrl: string;
  OpenHookUrl: string;
  DeliveryHookUrl: string;
  ClickHookUrl: string;
  PostFirstOpenOnly: boolean;
  InboundDomain: string;
  InboundHash: string;
  InboundSpamThreshold: number;
  TrackOpens: boolean;
  TrackLinks: 'None';
  IncludeBounceContentInHook: boolean;
  EnableSmtpApiErrorHooks: boolean;
}

const MASKED_TOKEN = '********-****-****-****-************';
const INBOUND_HASH = '5a6d6f78706f73746d61726b73616e64';

const SERVER_RESPONSE: SandboxServerResponse = {
  ID: SANDBOX_SERVER_ID,
  Name: 'Postmark Sandbox',
  ApiTokens: [MASKED_TOKEN],
  Color: 'Purple',
  SmtpApiActivated: true,
  RawEmailEnabled: false,
  DeliveryType: 'Live',
  ServerLink: `https://account.postmarkapp.com/servers/${SANDBOX_SERVER_ID}/streams`,
  InboundAddress: `${INBOUND_HASH}@inbound.postmarkapp.com`,
  InboundHookUrl: '',
  BounceHookUrl: '',
  OpenHookUrl: '',
  DeliveryHookUrl: '',
  ClickHookUrl: '',
  PostFirstOpenOnly: false,
  InboundDomain: '',
  InboundHash: INBOUND_HASH,
  InboundSpamThreshold: 0,
  TrackOpens: false,
  TrackLinks: 'None',
  IncludeBounceContentInHook: false,
  EnableSmtpApiErrorHooks: false,
};

type PostmarkRoute =
  | { readonly kind: 'email' }
  | { readonly kind: 'withTemplate' }
  | { readonly kind: 'server' }
  | { readonly kind: 'template'; readonly idOrAlias: string };

type RouteMatch<R> =
  { readonly route: R } | { readonly allow: string } | undefined;

/** Postmark matches paths case-insensitively; a trailing slash is accepted (the Python client sends one). */
function matchPostmarkRoute(
  method: string,
  path: string,
): RouteMatch<PostmarkRoute> {
  const lower = path.toLowerCase();
  if (
    lower === '/email' ||
    lower === '/email/withtemplate' ||
    lower === '/server'
  ) {
    const allowed = lower === '/server' ? 'GET' : 'POST';
    if (method !== allowed) {
      return { allow: allowed };
    }
    return {
      route:
        lower === '/email'
          ? { kind: 'email' }
          : lower === '/server'
            ? { kind: 'server' }
            : { kind: 'withTemplate' },
    };
  }
  if (lower.startsWith('/templates/')) {
    const segment = path.slice('/templates/'.length);
    if (segment === '' || segment.includes('/')) {
      return undefined;
    }
    if (method !== 'GET') {
      return { allow: 'GET' };
    }
    let idOrAlias: string;
    try {
      idOrAlias = decodeURIComponent(segment);
    } catch {
      idOrAlias = segment;
    }
    return { route: { kind: 'template', idOrAlias } };
  }
  return undefined;
}

type SandboxRoute = 'messages' | 'stats' | 'faults';

const SANDBOX_ROUTES: Readonly<
  Record<string, { readonly route: SandboxRoute; readonly allow: string }>
> = {
  '/sandbox/messages': { route: 'messages', allow: 'GET, DELETE' },
  '/sandbox/stats': { route: 'stats', allow: 'GET, DELETE' },
  '/sandbox/faults': { route: 'faults', allow: 'GET, POST, DELETE' },
};

const JSON_MEDIA_TYPE =
  /(?:^|[\s,;])(?:application\/json|text\/json|text\/x-json)(?:$|[\s,;])/i;

function isJsonMediaType(header: string | undefined): boolean {
  return header !== undefined && JSON_MEDIA_TYPE.test(header);
}

function sendAnswer(res: ServerResponse, answer: PostmarkErrorAnswer): void {
  sendJson(res, answer.status, answer.body);
}

function trimPath(url: string): { path: string; query: string } {
  const q = url.indexOf('?');
  let path = q === -1 ? url : url.slice(0, q);
  while (path.length > 1 && path.endsWith('/')) {
    path = path.slice(0, -1);
  }
  return { path, query: q === -1 ? '' : url.slice(q + 1) };
}

class SandboxHttpServer {
  readonly mailbox: SandboxMailbox;
  readonly faultQueue = new SandboxFaultQueue();
  readonly counters = new SandboxStats();
  private readonly sendContext: SendContext;
  private readonly templates: SandboxTemplateCatalog;
  private readonly timers = new Set<NodeJS.Timeout>();
  private closed = false;

  constructor(private readonly options: ResolvedSandboxOptions) {
    this.mailbox = new SandboxMailbox(options.mailboxLimit);
    this.templates = new SandboxTemplateCatalog(
      options.templates,
      SANDBOX_SERVER_ID,
    );
    this.sendContext = {
      templates: this.templates,
      senderDomains: options.senderDomains,
      inactiveRecipients: options.inactiveRecipients,
      messageStreams: options.messageStreams,
    };
  }

  handle(req: IncomingMessage, res: ServerResponse): void {
    this.route(req, res).catch((error: unknown) => this.fail(res, error));
  }

  /** Clears pending delays; the caller closes the connections they belong to. */
  shutdown(): void {
    this.closed = true;
    for (const timer of this.timers) {
      clearTimeout(timer);
    }
    this.timers.clear();
  }

  private fail(res: ServerResponse, error: unknown): void {
    if (res.headersSent || res.destroyed) {
      res.destroy();
      return;
    }
    const reason = error instanceof Error ? error.message : String(error);
    sendJson(res, 500, {
      ErrorCode: 500,
      Message: `postmark-sandbox internal error: ${reason}`,
    });
  }

  private async route(
    req: IncomingMessage,
    res: ServerResponse,
  ): Promise<void> {
    const method = req.method ?? 'GET';
    const { path, query } = trimPath(req.url ?? '/');
    const lower = path.toLowerCase();
    if (lower === '/sandbox' || lower.startsWith('/sandbox/')) {
      return this.routeSandbox(req, res, method, lower, query);
    }

    this.counters.record(path);
    const match = matchPostmarkRoute(method, path);
    if (match === undefined) {
      sendJson(res, 404, {
        ErrorCode: 404,
        Message: `No Postmark API endpoint at ${method} ${path}.`,
      });
      return;
    }
    if ('allow' in match) {
      sendJson(
        res,
        405,
        {
          ErrorCode: 405,
          Message: `The method ${method} is not allowed on ${path}; use ${match.allow}.`,
        },
        { Allow: match.allow },
      );
      return;
    }

    const fault = this.faultQueue.take();
    if (fault) {
      if ('reset' in fault) {
        req.socket.destroy();
        return;
      }
      if ('status' in fault) {
        sendAnswer(res, FAULT_ANSWERS[fault.status]);
        return;
      }
      if (fault.delayMs > 0) {
        const proceed = await this.delay(fault.delayMs);
        if (!proceed) {
          return;
        }
      }
    }
    await this.handlePostmark(req, res, match.route);
  }

  /** Resolves `true` after `ms`, or `false` when the sandbox closes first. */
  private delay(ms: number): Promise<boolean> {
    return new Promise((resolve) => {
      if (this.closed) {
        resolve(false);
        return;
      }
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        resolve(!this.closed);
      }, ms);
      this.timers.add(timer);
    });
  }

  private async handlePostmark(
    req: IncomingMessage,
    res: ServerResponse,
    route: PostmarkRoute,
  ): Promise<void> {
    const isPost = route.kind === 'email' || route.kind === 'withTemplate';
    const declared = Number(req.headers['content-length']);
    if (
      isPost &&
      Number.isFinite(declared) &&
      declared > this.options.maxBodyBytes
    ) {
      await readBody(req, 0);
      sendJson(res, 413, {
        ErrorCode: 413,
        Message: `Payload too large: the request body exceeds ${this.options.maxBodyBytes} bytes.`,
      });
      return;
    }
    if (
      !isJsonMediaType(req.headers['accept']) ||
      (isPost && !isJsonMediaType(req.headers['content-type']))
    ) {
      sendAnswer(res, JSON_REQUIRED);
      return;
    }
    const token = req.headers['x-postmark-server-token'];
    const tokenValue = (Array.isArray(token) ? token[0] : token)?.trim() ?? '';
    if (tokenValue === '') {
      sendAnswer(res, MISSING_TOKEN);
      return;
    }
    if (!this.options.serverTokens.has(tokenValue.toLowerCase())) {
      sendAnswer(res, INVALID_TOKEN);
      return;
    }

    if (route.kind === 'server') {
      sendJson(res, 200, SERVER_RESPONSE);
      return;
    }
    if (route.kind === 'template') {
      const template = this.templates.byIdOrAlias(route.idOrAlias);
      if (!template) {
        sendAnswer(
          res,
          templateNotFound(
            /^\d+$/.test(route.idOrAlias) ? 'TemplateId' : 'Alias',
          ),
        );
        return;
      }
      sendJson(res, 200, this.templates.toResponse(template));
      return;
    }

    const body = await readBody(req, this.options.maxBodyBytes);
    if (body === 'aborted') {
      return;
    }
    if (body === 'tooLarge') {
      sendJson(res, 413, {
        ErrorCode: 413,
        Message: `Payload too large: the request body exceeds ${this.options.maxBodyBytes} bytes.`,
      });
      return;
    }
    let parsed: unknown;
    try {
      parsed = parseJson(body);
    } catch {
      sendAnswer(res, INVALID_JSON);
      return;
    }
    if (parsed === undefined) {
      sendAnswer(res, INVALID_JSON);
      return;
    }
    if (
      parsed === null ||
      typeof parsed !== 'object' ||
      Array.isArray(parsed)
    ) {
      sendAnswer(
        res,
        incompatibleJson('The request body must be a JSON object.'),
      );
      return;
    }
    const fields = parsed as Record<string, unknown>;
    const outcome: SendOutcome =
      route.kind === 'withTemplate'
        ? handleTemplateSend(fields, this.sendContext)
        : handlePlainSend(fields, this.sendContext);
    switch (outcome.kind) {
      case 'rejected':
        sendAnswer(res, outcome.answer);
        return;
      case 'partial':
        this.mailbox.add(outcome.message);
        sendAnswer(res, outcome.answer);
        return;
      case 'accepted':
        this.mailbox.add(outcome.message);
        sendJson(res, 200, outcome.response);
        return;
    }
  }

  private async routeSandbox(
    req: IncomingMessage,
    res: ServerResponse,
    method: string,
    path: string,
    query: string,
  ): Promise<void> {
    const entry = SANDBOX_ROUTES[path];
    if (!entry) {
      sendJson(res, 404, {
        ErrorCode: 404,
        Message: `No sandbox endpoint at ${path}; try /sandbox/messages, /sandbox/stats or /sandbox/faults.`,
      });
      return;
    }
    const notAllowed = (): void =>
      sendJson(
        res,
        405,
        {
          ErrorCode: 405,
          Message: `The method ${method} is not allowed on ${path}; use ${entry.allow}.`,
        },
        { Allow: entry.allow },
      );

    switch (entry.route) {
      case 'messages':
        if (method === 'GET') {
          const to = new URLSearchParams(query).get('to') ?? undefined;
          const messages = this.mailbox.list({ to });
          sendJson(res, 200, {
            TotalCount: messages.length,
            Messages: messages,
          });
        } else if (method === 'DELETE') {
          this.mailbox.clear();
          sendEmpty(res, 204);
        } else {
          notAllowed();
        }
        return;
      case 'stats':
        if (method === 'GET') {
          sendJson(res, 200, this.counters.snapshot());
        } else if (method === 'DELETE') {
          this.counters.reset();
          sendEmpty(res, 204);
        } else {
          notAllowed();
        }
        return;
      case 'faults':
        if (method === 'GET') {
          sendJson(res, 200, { Faults: this.faultQueue.list() });
        } else if (method === 'DELETE') {
          this.faultQueue.clear();
          sendEmpty(res, 204);
        } else if (method === 'POST') {
          await this.postFault(req, res);
        } else {
          notAllowed();
        }
        return;
    }
  }

  private async postFault(
    req: IncomingMessage,
    res: ServerResponse,
  ): Promise<void> {
    const body = await readBody(req, 64 * 1024);
    if (body === 'aborted') {
      return;
    }
    if (body === 'tooLarge') {
      sendJson(res, 413, {
        ErrorCode: 413,
        Message: 'A fault description must be smaller than 64 KB.',
      });
      return;
    }
    let parsed: unknown;
    try {
      parsed = parseJson(body);
    } catch {
      sendJson(res, 400, {
        ErrorCode: 400,
        Message: 'The body is not valid JSON.',
      });
      return;
    }
    try {
      const record = this.faultQueue.add(parsed as SandboxFault);
      sendJson(res, 201, record);
    } catch (error) {
      if (error instanceof SandboxFaultError) {
        sendJson(res, 400, { ErrorCode: 400, Message: error.message });
        return;
      }
      throw error;
    }
  }
}

function urlHost(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

/**
 * Starts a local server that answers like the Postmark API (`POST /email/withTemplate`,
 * `POST /email`, `GET /server`, `GET /templates/{idOrAlias}`) plus `/sandbox/*` endpoints to
 * read the mailbox, read the call counts and inject faults.
 */
export async function startPostmarkSandbox(
  options: PostmarkSandboxOptions = {},
): Promise<PostmarkSandbox> {
  const resolved = resolveSandboxOptions(options);
  const sandbox = new SandboxHttpServer(resolved);
  const server: Server = createServer((req, res) => sandbox.handle(req, res));
  server.on('clientError', (_error, socket) => {
    if (socket.writable) {
      socket.end(
        'HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n',
      );
    } else {
      socket.destroy();
    }
  });

  await new Promise<void>((resolve, reject) => {
    const onError = (error: Error): void => reject(error);
    server.once('error', onError);
    server.listen(resolved.port, resolved.host, () => {
      server.off('error', onError);
      resolve();
    });
  });

  const port = (server.address() as AddressInfo).port;
  const url = `http://${urlHost(resolved.host)}:${port}`;
  let closing: Promise<void> | undefined;

  return {
    url,
    port,
    host: resolved.host,
    messages: (filter) => sandbox.mailbox.list(filter),
    clearMessages: () => sandbox.mailbox.clear(),
    addFault: (fault) => sandbox.faultQueue.add(fault),
    faults: () => sandbox.faultQueue.list(),
    clearFaults: () => sandbox.faultQueue.clear(),
    stats: () => sandbox.counters.snapshot(),
    resetStats: () => sandbox.counters.reset(),
    close: () => {
      closing ??= new Promise<void>((resolve, reject) => {
        sandbox.shutdown();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
