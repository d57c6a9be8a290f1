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

/** Longest wait for one Redis command before the request answers 503 `service_unavailable`. */
export const REDIS_COMMAND_TIMEOUT_MS = 750;

/**
 * An ioredis client that fails fast while Redis is down instead of waiting for it: every command
 * (queued while disconnected included) fails after {@link REDIS_COMMAND_TIMEOUT_MS}, and is not
 * retried across reconnects. It keeps reconnecting in the background (at most 1 s apart), so the
 * service recovers without a restart. The offline queue stays on so start-up and `duplicate()`d
 * clients (subscribers) work before the first connection is up.
 */
export function createRedisClient(url: string, logger: Logger): Redis {
  const redis = new Redis(url, {
    lazyConnect: false,
    connectTimeout: 2_000,
    commandTimeout: REDIS_COMMAND_TIMEOUT_MS,
    maxRetriesPerRequest: 1,
    enableOfflineQueue: true,
    retryStrategy: (times) => Math.min(times * 100, 1_000),
  });
  let down = false;
  redis.on('ready', () => {
    if (down) logger.log('Redis is reachable again');
    down = false;
  });
  // Without a listener ioredis prints every reconnect failure; log the first one of an outage only.
  redis.on('error', (error: Error) => {
    if (down) return;
    down = true;
    logger.error(`Redis is unreachable: ${error.name}: ${error.message}`);
  });
  return redis;
}

@Global()
@Module({
  providers: [
    {
      provide: REDIS_CLIENT,
      inject: [AUTH_API_CONFIG],
      useFactory: (config: AuthApiConfig): Redis | null =>
        config.redisUrl
          ? createRedisClient(config.redisUrl, new Logger('Redis'))
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
    if (this.redis && this.redis.status !== 'end') {
      await this.redis.quit().catch(() => this.redis?.disconnect());
      this.logger.log('Redis connection closed');
    }
  }
}
