import { createHash, timingSafeEqual } from 'node:crypto';
import {
  type CanActivate,
  type ExecutionContext,
  Inject,
  Injectable,
} from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { ApiError } from '../common/api-error';
import type { AuthApiConfig } from '../config/auth-api.config';
import { AUTH_API_CONFIG } from '../config/auth-api.constants';

const sha256 = (value: string): Buffer =>
  createHash('sha256').update(value, 'utf8').digest();

/** `Authorization: Bearer <ADMIN_API_KEY>`, compared in constant time. Without a key: 404 in production, open elsewhere. */
@Injectable()
export class AdminAuthGuard implements CanActivate {
  private readonly expected?: Buffer;

  constructor(@Inject(AUTH_API_CONFIG) private readonly config: AuthApiConfig) {
    this.expected = config.adminApiKey ? sha256(config.adminApiKey) : undefined;
  }

  canActivate(context: ExecutionContext): boolean {
    if (!this.expected) {
      if (this.config.production)
        throw new ApiError(404, 'not_found', 'Not found');
      return true;
    }
    const header =
      context.switchToHttp().getRequest<FastifyRequest>().headers
        .authorization ?? '';
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    // Hashing both sides gives equal lengths, so the comparison time does not depend on the key.
    if (!match || !timingSafeEqual(sha256(match[1]), this.expected)) {
      throw new ApiError(
        401,
        'unauthorized',
        'A valid admin API key is required (Authorization: Bearer <key>)',
      );
    }
    return true;
  }
}
