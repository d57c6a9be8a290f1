import { isAxiosError } from 'axios';
import {
  PostmarkMailerError,
  PostmarkMailerErrorCode,
} from './postmark-mailer.error';

/** What the client was doing, to phrase the error. */
export interface PostmarkCallContext {
  /** For example `send SignIn` or `GET /server`. */
  operation: string;
  attempts: number;
  templateAlias?: string;
  /** Redacted from any text that could end up in the message. */
  serverToken: string;
}

interface PostmarkErrorBody {
  ErrorCode?: unknown;
  Message?: unknown;
}

function redact(text: string, secret: string): string {
  return secret ? text.split(secret).join('***') : text;
}

function codeFor(
  status: number,
  errorCode: number | undefined,
  templateCall: boolean,
): PostmarkMailerErrorCode {
  if (status === 401 || errorCode === 10)
    return PostmarkMailerErrorCode.UNAUTHORIZED;
  if (status === 429) return PostmarkMailerErrorCode.RATE_LIMITED;
  if (status === 500 || status === 503)
    return PostmarkMailerErrorCode.PROVIDER_UNAVAILABLE;
  switch (errorCode) {
    case 300:
      return PostmarkMailerErrorCode.INVALID_RECIPIENT;
    case 400:
    case 401:
      return PostmarkMailerErrorCode.SENDER_NOT_CONFIRMED;
    case 406:
      return PostmarkMailerErrorCode.INACTIVE_RECIPIENT;
    case 1101:
      return PostmarkMailerErrorCode.TEMPLATE_NOT_FOUND;
  }
  if (status === 404 && templateCall)
    return PostmarkMailerErrorCode.TEMPLATE_NOT_FOUND;
  return PostmarkMailerErrorCode.PROVIDER_ERROR;
}

const SUMMARY: Record<
  PostmarkMailerErrorCode,
  (context: PostmarkCallContext) => string
> = {
  INVALID_CONFIG: () => 'Invalid Postmark config',
  INVALID_ARGUMENT: () => 'Invalid argument',
  UNAUTHORIZED: () => 'Postmark refused the server token',
  SENDER_NOT_CONFIRMED: () =>
    'The From address is not a confirmed Sender Signature on the Postmark server',
  TEMPLATE_NOT_FOUND: (c) =>
    `Postmark template "${c.templateAlias ?? '?'}" was not found on the server`,
  INVALID_RECIPIENT: () => 'Postmark rejected the recipient address',
  INACTIVE_RECIPIENT: () =>
    'The recipient is marked inactive on Postmark (bounce, spam complaint or suppression)',
  RATE_LIMITED: () => 'Postmark rate limit exceeded',
  PROVIDER_UNAVAILABLE: () => 'Postmark is unavailable',
  TIMEOUT: () => 'Postmark did not answer in time',
  NETWORK: () => 'Could not reach Postmark',
  PROVIDER_ERROR: () => 'Postmark rejected the request',
};

function attemptsNote(attempts: number): string {
  return attempts > 1 ? ` after ${attempts} attempts` : '';
}

/**
 * Turns whatever a Postmark call threw into a {@link PostmarkMailerError}. The cause is rebuilt
 * from the answer or the network error alone: an axios error carries the request headers, so it
 * never becomes the cause (the server token would travel with it).
 */
export function toPostmarkMailerError(
  error: unknown,
  context: PostmarkCallContext,
): PostmarkMailerError {
  if (error instanceof PostmarkMailerError) return error;
  const { attempts, operation, serverToken } = context;

  if (isAxiosError(error) && error.response) {
    const status = error.response.status;
    const body = (
      typeof error.response.data === 'object' ? error.response.data : {}
    ) as PostmarkErrorBody | null;
    const errorCode =
      typeof body?.ErrorCode === 'number' ? body.ErrorCode : undefined;
    const postmarkMessage =
      typeof body?.Message === 'string'
        ? redact(body.Message, serverToken)
        : undefined;
    const code = codeFor(
      status,
      errorCode,
      context.templateAlias !== undefined,
    );
    const reason = postmarkMessage ? `: ${postmarkMessage}` : '';
    const where =
      errorCode === undefined
        ? `HTTP ${status}`
        : `HTTP ${status}, ErrorCode ${errorCode}`;
    return new PostmarkMailerError(
      code,
      `${SUMMARY[code](context)} (${where}${attemptsNote(attempts)})${reason}`,
      {
        retryable: code === 'RATE_LIMITED' || code === 'PROVIDER_UNAVAILABLE',
        postmarkErrorCode: errorCode,
        httpStatus: status,
        attempts,
        cause: new Error(`${operation}: ${where}${reason}`),
      },
    );
  }

  if (isAxiosError(error)) {
    const timedOut =
      error.code === 'ETIMEDOUT' || error.code === 'ECONNABORTED';
    const code = timedOut
      ? PostmarkMailerErrorCode.TIMEOUT
      : PostmarkMailerErrorCode.NETWORK;
    const underlying =
      error.cause instanceof Error
        ? error.cause
        : new Error(redact(error.message, serverToken));
    const detail = timedOut
      ? redact(error.message, serverToken)
      : (error.code ?? underlying.message);
    return new PostmarkMailerError(
      code,
      `${SUMMARY[code](context)} (${detail}${attemptsNote(attempts)})`,
      {
        retryable: true,
        attempts,
        cause: underlying,
      },
    );
  }

  const message =
    error instanceof Error ? redact(error.message, serverToken) : String(error);
  return new PostmarkMailerError(
    PostmarkMailerErrorCode.PROVIDER_ERROR,
    `${operation} failed: ${message}`,
    {
      attempts,
      cause: error instanceof Error ? new Error(message) : undefined,
    },
  );
}
