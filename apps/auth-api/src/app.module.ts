import {
  type DynamicModule,
  type ExecutionContext,
  Module,
} from '@nestjs/common';
import { ConfigModule, type ConfigType } from '@nestjs/config';
import { APP_GUARD } from '@nestjs/core';
import {
  PostmarkMailerModule,
  postmarkConfig,
  type PostmarkMailerOptions,
} from '@app/postmark-mailer';
import { TerminusModule } from '@nestjs/terminus';
import { ThrottlerModule } from '@nestjs/throttler';
import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import type Redis from 'ioredis';
import { AdminAuthGuard } from './admin/admin-auth.guard';
import { AdminController } from './admin/admin.controller';
import { AdminConsoleController } from './admin-console/admin-console.controller';
import { ApiThrottlerGuard } from './common/api-throttler.guard';
import { FixedWindowThrottlerStorage } from './common/fixed-window-throttler.storage';
import { CodeStoreModule, REDIS_CLIENT } from './code-store/code-store.module';
import type { AuthApiConfig } from './config/auth-api.config';
import {
  AUTH_API_CONFIG,
  AUTH_API_RUNTIME,
  type AuthApiRuntime,
} from './config/auth-api.constants';
import { HealthController } from './health/health.controller';
import { PostmarkConfigModule } from './postmark-config/postmark-config.module';
import { VerificationController } from './verification/verification.controller';
import { VerificationService } from './verification/verification.service';

@Module({})
class AuthApiConfigModule {
  static forRoot(runtime: AuthApiRuntime): DynamicModule {
    return {
      module: AuthApiConfigModule,
      global: true,
      providers: [
        { provide: AUTH_API_RUNTIME, useValue: runtime },
        { provide: AUTH_API_CONFIG, useValue: runtime.config },
      ],
      exports: [AUTH_API_RUNTIME, AUTH_API_CONFIG],
    };
  }
}

@Module({})
export class AppModule {
  static forRoot(runtime: AuthApiRuntime): DynamicModule {
    return {
      module: AppModule,
      imports: [
        // The validated settings, also readable as ConfigService.get('auth').
        ConfigModule.forRoot({
          isGlobal: true,
          ignoreEnvFile: true,
          cache: true,
          load: [() => ({ auth: runtime.config })],
        }),
        AuthApiConfigModule.forRoot(runtime),
        CodeStoreModule,
        PostmarkMailerModule.forRootAsync({
          isGlobal: true,
          imports: [ConfigModule.forFeature(postmarkConfig)],
          inject: [postmarkConfig.KEY, AUTH_API_RUNTIME],
          useFactory: (
            fromEnv: ConfigType<typeof postmarkConfig>,
            rt: AuthApiRuntime,
          ): PostmarkMailerOptions => ({
            retry: rt.config.postmarkRetry,
            ...(rt.postmark ?? fromEnv),
          }),
        }),
        ThrottlerModule.forRootAsync({
          inject: [AUTH_API_CONFIG, REDIS_CLIENT],
          useFactory: (config: AuthApiConfig, redis: Redis | null) => ({
            throttlers: [
              {
                name: 'default',
                limit: config.throttleLimit,
                ttl: config.throttleTtlSeconds * 1000,
              },
            ],
            // One budget per client IP across all endpoints (the default key is per route).
            generateKey: (
              _context: ExecutionContext,
              tracker: string,
              name: string,
            ) => `${name}:${tracker}`,
            // Fixed windows in both: O(1) per request, and the same behaviour on one instance or many.
            storage: redis
              ? new ThrottlerStorageRedisService(redis)
              : new FixedWindowThrottlerStorage(),
          }),
        }),
        TerminusModule.forRoot({ logger: false }),
        PostmarkConfigModule,
      ],
      controllers: [
        VerificationController,
        AdminController,
        AdminConsoleController,
        HealthController,
      ],
      providers: [
        VerificationService,
        AdminAuthGuard,
        { provide: APP_GUARD, useClass: ApiThrottlerGuard },
      ],
    };
  }
}
