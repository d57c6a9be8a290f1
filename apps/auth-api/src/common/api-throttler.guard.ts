import {
  type ExecutionContext,
  HttpException,
  Injectable,
} from '@nestjs/common';
import { ThrottlerGuard, type ThrottlerLimitDetail } from '@nestjs/throttler';
import { CodeStoreUnavailableError } from '../code-store/code-store';
import { ApiError } from './api-error';

/** Per-IP throttling answering 429 `rate_limited` with `Retry-After`. */
@Injectable()
export class ApiThrottlerGuard extends ThrottlerGuard {
  /** A failing throttler storage (Redis down) is the store being unavailable: 503, not 500. */
  override async canActivate(context: ExecutionContext): Promise<boolean> {
    try {
      return await super.canActivate(context);
    } catch (error) {
      if (error instanceof HttpException) throw error;
      throw new CodeStoreUnavailableError(error);
    }
  }

  protected override async throwThrottlingException(
    _context: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    const retryAfter = Math.max(1, Math.ceil(detail.timeToBlockExpire));
    throw new ApiError(
      429,
      'rate_limited',
      'Too many requests: slow down',
      {},
      retryAfter,
    );
  }
}
