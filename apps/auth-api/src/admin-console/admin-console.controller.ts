import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Controller, Get, Header, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import type { FastifyReply } from 'fastify';
import { ApiError } from '../common/api-error';

/** Directory of the page's files (copied next to the compiled controller by the build). */
export const ADMIN_CONSOLE_DIR = join(__dirname, 'public');

const TYPES: Record<string, string> = {
  'index.html': 'text/html; charset=utf-8',
  'admin.css': 'text/css; charset=utf-8',
  'admin.js': 'text/javascript; charset=utf-8',
};

/** Content-Security-Policy of `/admin`: scripts and styles from files of this origin only, no inline code. */
export const ADMIN_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * The admin console: a framework-free static page (HTML, CSS, JS files) that edits, tests and
 * saves the Postmark connector config through the admin API. The page itself holds no secret:
 * the admin key is asked in the browser and sent with each API call.
 */
@ApiExcludeController()
@SkipThrottle()
@Controller('admin')
export class AdminConsoleController {
  private readonly files = new Map<string, Buffer>(
    Object.keys(TYPES).map((name) => [
      name,
      readFileSync(join(ADMIN_CONSOLE_DIR, name)),
    ]),
  );

  @Get()
  @Header('Cache-Control', 'no-cache')
  index(@Res() reply: FastifyReply): void {
    this.send(reply, 'index.html');
  }

  @Get(':file')
  @Header('Cache-Control', 'no-cache')
  asset(@Param('file') file: string, @Res() reply: FastifyReply): void {
    this.send(reply, file);
  }

  private send(reply: FastifyReply, name: string): void {
    const body = this.files.get(name);
    const type = TYPES[name];
    if (!body || !type) throw new ApiError(404, 'not_found', 'Not found');
    void reply
      .header('Content-Type', type)
      .header('X-Content-Type-Options', 'nosniff')
      .send(body);
  }
}
