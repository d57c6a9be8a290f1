import {
  type ArgumentsHost,
  Catch,
  type ExceptionFilter,
  HttpException,
  Logger,
} from '@nestjs/common';
import { PostmarkMailerError } from '@app/postmark-mailer';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CodeStoreUnavailableError } from '../code-store/code-store';
import { ApiError, type ApiErrorCode } from './api-error';

/** Seconds a client should wait after `service_unavailable` (the code store is down). */
export const STORE_RETRY_AFTER_SECONDS = 5;
import { mailerErrorToApiError } from './mailer-error.mapper';

const BY_STATUS: Record<number, ApiErrorCode> = {
  400: 'validation_failed',
  401: 'unauthorized',
  404: 'not_found',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'rate_limited',
};

interface FastifyLikeError {
  statusCode?: unknown;
  code?: unknown;
  message?: unknown;
}

/** Fastify's own 4xx errors (body parsing, size, media type) as a safe API error. */
function fastifyClientError(exception: unknown): ApiError | undefined {
  if (typeof exception !== 'object' || exception === null) return undefined;
  const { statusCode, code } = exception as FastifyLikeError;
  if (typeof statusCode !== 'number' || statusCode < 400 || statusCode >= 500)
    return undefined;
  switch (statusCode) {
    case 413:
      return new ApiError(
        413,
        'payload_too_large',
        'The request body is too large',
      );
    case 415:
      return new ApiError(
        415,
        'unsupported_media_type',
        'Send the body as application/json',
      );
    case 400:
      return ApiError.validation([
        code === 'FST_ERR_CTP_EMPTY_JSON_BODY'
          ? 'body must not be empty'
          : 'body must be valid JSON',
      ]);
    default:
      return new ApiError(
        statusCode,
        BY_STATUS[statusCode] ?? 'validation_failed',
        'The request was refused',
      );
  }
}

/** The one exception filter: every error answers `{ statusCode, error, message }`, never a stack trace. */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('ApiExceptionFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const reply = ctx.getResponse<FastifyReply>();
    const request = ctx.getRequest<FastifyRequest>();
    const error = this.toApiError(exception, request);
    if (error.retryAfterSeconds !== undefined)
      reply.header('Retry-After', String(error.retryAfterSeconds));
    if (error.statusCode === 401) reply.header('WWW-Authenticate', 'Bearer');
    void reply
      .status(error.statusCode)
      .header('Content-Type', 'application/json; charset=utf-8')
      .send(error.body);
  }

  private toApiError(
    exception: unknown,
    request: FastifyRequest | undefined,
  ): ApiError {
    if (exception instanceof ApiError) return exception;
    const where = request
      ? `${request.method} ${request.url?.split('?')[0]}`
      : 'request';
    if (exception instanceof PostmarkMailerError) {
      this.logger.warn(
        `${where}: email provider error ${exception.code}` +
          `${exception.httpStatus ? ` status=${exception.httpStatus}` : ''}` +
          `${exception.postmarkErrorCode ? ` postmark=${exception.postmarkErrorCode}` : ''}: ${exception.message}`,
      );
      return mailerErrorToApiError(exception, false);
    }
    if (exception instanceof CodeStoreUnavailableError) {
      this.logger.warn(`${where}: ${exception.message}`);
      return new ApiError(
        503,
        'service_unavailable',
        'The service is temporarily unavailable; try again later',
        {},
        STORE_RETRY_AFTER_SECONDS,
      );
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      if (status === 503) {
        // Terminus' readiness failure (or another 503): keep its per-check details, they name no secret.
        const response = exception.getResponse();
        const details =
          typeof response === 'object' && response !== null
            ? (response as { details?: unknown }).details
            : undefined;
        return new ApiError(
          503,
          'service_unavailable',
          'The service is temporarily unavailable; try again later',
          details === undefined ? {} : { details },
          STORE_RETRY_AFTER_SECONDS,
        );
      }
      if (status < 500) {
        const response = exception.getResponse();
        const message =
          typeof response === 'object' &&
          response !== null &&
          'message' in response
            ? (response as { message: string | string[] }).message
            : exception.message;
        const error = BY_STATUS[status] ?? 'validation_failed';
        return new ApiError(
          status,
          error,
          error === 'validation_failed' && !Array.isArray(message)
            ? [message]
            : message,
        );
      }
    }
    const fastify = fastifyClientError(exception);
    if (fastify) return fastify;
    const e =
      exception instanceof Error ? exception : new Error(String(exception));
    this.logger.error(`${where}: unexpected ${e.name}: ${e.message}`, e.stack);
    return new ApiError(500, 'internal_error', 'Internal server error');
  }
}
