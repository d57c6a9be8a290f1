import helmet from '@fastify/helmet';
import { Logger, type LoggerService } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import {
  FastifyAdapter,
  type NestFastifyApplication,
} from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { ADMIN_CSP } from '../admin-console/admin-console.controller';
import { AppModule } from '../app.module';
import { ApiExceptionFilter } from '../common/api-exception.filter';
import { createValidationPipe } from '../common/validation.pipe';
import type { AuthApiRuntime } from '../config/auth-api.constants';
import { JsonLogger, logLevelsFrom } from '../logging/json.logger';

/** Largest accepted request body. */
export const BODY_LIMIT_BYTES = 16 * 1024;

/** Swagger UI needs inline styles and data: images; only `/docs` gets this policy. */
const DOCS_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "frame-ancestors 'none'",
  "base-uri 'self'",
].join('; ');

export interface CreateAuthApiOptions {
  runtime: AuthApiRuntime;
  logger?: LoggerService;
}

/** The configured app (not listening yet): main.ts and the e2e specs build it the same way. */
export async function createAuthApi({
  runtime,
  logger = new JsonLogger(),
}: CreateAuthApiOptions): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: BODY_LIMIT_BYTES,
    trustProxy: runtime.config.trustProxy,
  });
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(runtime),
    adapter,
    {
      logger,
      abortOnError: false,
    },
  );
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'none'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'none'"],
      },
    },
  });
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ApiExceptionFilter());

  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onSend', async (request, reply, payload) => {
    if (
      request.url === '/docs' ||
      request.url.startsWith('/docs/') ||
      request.url.startsWith('/docs-json')
    ) {
      reply.header('content-security-policy', DOCS_CSP);
    } else if (request.url === '/admin' || /^\/admin[/?]/.test(request.url)) {
      // The admin console: its own script and style files, calls to this origin; nothing inline.
      reply.header('content-security-policy', ADMIN_CSP);
    }
    return payload;
  });
  // One access-log line per request at LOG_LEVEL=debug: at the default level it would be a
  // synchronous write on every request (measured: the largest single cost of a verify).
  if (logLevelsFrom(runtime.config.logLevel).includes('debug')) {
    const http = new Logger('HTTP');
    fastify.addHook('onResponse', async (request, reply) => {
      http.debug(
        `${request.method} ${request.url.split('?')[0]} ${reply.statusCode} ${Math.round(reply.elapsedTime)}ms ip=${request.ip}`,
      );
    });
  }

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('auth-api')
      .setDescription(
        'Email verification codes sent through Postmark templates, and the Postmark connector test.',
      )
      .setVersion('1.0')
      .addBearerAuth({
        type: 'http',
        scheme: 'bearer',
        description: 'ADMIN_API_KEY (admin endpoints only)',
      })
      .build(),
  );
  SwaggerModule.setup('docs', app, document);

  const startup = new Logger('AuthApi');
  const { config } = runtime;
  if (!config.adminApiKey) {
    if (config.production)
      startup.log(
        'ADMIN_API_KEY is not set: the admin endpoints are off (404)',
      );
    else
      startup.warn(
        'ADMIN_API_KEY is not set: the admin endpoints /v1/admin/* are OPEN (development only; set it to protect them)',
      );
  }
  if (config.hmacSecretIsRandom) {
    startup.warn(
      'CODE_HMAC_SECRET is not set: using a random key for this process (codes do not survive a restart nor work across instances)',
    );
  }
  return app;
}
