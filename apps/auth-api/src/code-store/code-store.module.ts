import {
  Global,
  Inject,
  Logger,
  Module,
  type OnApplicationShutdown,
} from '@nestjs/common';
import Redis from 'ioredis';
import type { AuthApiConfig } from '../config/auth-api.config';
import { AUTH_API_CONFIG } from '../config/auth-api.constants';
import { CODE_STORE, type CodeStore } from './code-store';
import { MemoryCodeStore } from './memory-code.store';
import { RedisCodeStore } from './redis-code.store';

/** The shared ioredis client, or null without `REDIS_URL`. */
export const REDIS_CLIENT = Symbol('REDIS_CLIENT');

@Global()
@Module({
  providers: [
    {
      provide: REDIS_CLIENT,
      inject: [AUTH_API_CONFIG],
      useFactory: (config: AuthApiConfig): Redis | null =>
        config.redisUrl
          ? new Redis(config.redisUrl, {
              lazyConnect: false,
              maxRetriesPerRequest: 2,
              enableOfflineQueue: true,
            })
          : null,
    },
    {
      provide: CODE_STORE,
      inject: [AUTH_API_CONFIG, REDIS_CLIENT],
      useFactory: (config: AuthApiConfig, redis: Redis | null): CodeStore =>
        redis
          ? new RedisCodeStore(redis, config.redisKeyPrefix)
          : new MemoryCodeStore(),
    },
  ],
  exports: [CODE_STORE, REDIS_CLIENT],
})
export class CodeStoreModule implements OnApplicationShutdown {
  private readonly logger = new Logger(CodeStoreModule.name);

  constructor(
    @Inject(CODE_STORE) private readonly store: CodeStore,
    @Inject(REDIS_CLIENT) private readonly redis: Redis | null,
  ) {
    this.logger.log(
      redis
        ? 'codes, cooldowns and rate limits are kept in Redis'
        : 'codes are kept in memory (one instance only)',
    );
  }

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
    if (this.redis && this.redis.status !== 'end')
      await this.redis.quit().catch(() => this.redis?.disconnect());
  }
}
