import { Module } from '@nestjs/common';
import type Redis from 'ioredis';
import { REDIS_CLIENT } from '../code-store/code-store.module';
import type { AuthApiConfig } from '../config/auth-api.config';
import { AUTH_API_CONFIG } from '../config/auth-api.constants';
import { FilePostmarkConfigStore } from './file-postmark-config.store';
import { PostmarkConfigService } from './postmark-config.service';
import {
  MemoryPostmarkConfigStore,
  POSTMARK_CONFIG_STORE,
  type PostmarkConfigStore,
} from './postmark-config.store';
import { RedisPostmarkConfigStore } from './redis-postmark-config.store';

/** The saved Postmark config: Redis with REDIS_URL, else a file under DATA_DIR (memory in tests without DATA_DIR). */
@Module({
  providers: [
    {
      provide: POSTMARK_CONFIG_STORE,
      inject: [AUTH_API_CONFIG, REDIS_CLIENT],
      useFactory: (
        config: AuthApiConfig,
        redis: Redis | null,
      ): PostmarkConfigStore => {
        if (redis)
          return new RedisPostmarkConfigStore(redis, config.redisKeyPrefix);
        if (config.dataDir) return new FilePostmarkConfigStore(config.dataDir);
        return new MemoryPostmarkConfigStore();
      },
    },
    PostmarkConfigService,
  ],
  exports: [PostmarkConfigService],
})
export class PostmarkConfigModule {}
