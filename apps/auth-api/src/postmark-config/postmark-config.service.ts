import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import {
  isPostmarkMailerError,
  VerificationMailer,
  type ConfigurationCheck,
  type PostmarkConnectorConfig,
  type ResolvedPostmarkConfig,
} from '@app/postmark-mailer';
import { ApiError } from '../common/api-error';
import { mailerErrorToApiError } from '../common/mailer-error.mapper';
import {
  AUTH_API_RUNTIME,
  type AuthApiRuntime,
} from '../config/auth-api.constants';
import { maskToken, normalizeCandidate } from './postmark-config.candidate';
import {
  POSTMARK_CONFIG_STORE,
  SAVED_CONFIG_KEYS,
  SavedConfigError,
  type PostmarkConfigStore,
  type SavedPostmarkConfig,
} from './postmark-config.store';

/** Postmark failures that mean "try again later", not "this config is wrong". */
const UNREACHABLE = new Set([
  'TIMEOUT',
  'NETWORK',
  'PROVIDER_UNAVAILABLE',
  'RATE_LIMITED',
]);

export interface PostmarkConfigView extends Record<string, unknown> {
  /** `saved` (PUT /v1/admin/postmark/config) or `environment` (start-up options). */
  source: 'saved' | 'environment';
  savedAt?: string;
  storage: 'file' | 'redis' | 'memory';
}

/**
 * The runtime Postmark config: at start-up a saved config takes precedence over the environment;
 * a save is validated, checked against Postmark, persisted and only then activated. Saves (and
 * reloads from other instances) run one at a time in this process.
 */
@Injectable()
export class PostmarkConfigService
  implements OnModuleInit, OnApplicationShutdown
{
  private readonly logger = new Logger('PostmarkConfig');
  private queue: Promise<unknown> = Promise.resolve();
  private source: 'saved' | 'environment' = 'environment';
  private savedAt?: string;

  constructor(
    @Inject(POSTMARK_CONFIG_STORE) private readonly store: PostmarkConfigStore,
    private readonly mailer: VerificationMailer,
    @Inject(AUTH_API_RUNTIME) private readonly runtime: AuthApiRuntime,
  ) {}

  async onModuleInit(): Promise<void> {
    const saved = await this.store.load();
    if (saved) {
      this.activateSaved(saved);
      this.logger.log(
        `Postmark config: the SAVED config is active (${this.store.kind} ${this.store.location}, saved ${saved.savedAt}; ` +
          `${this.describe(this.mailer.configuration)}); it takes precedence over the environment`,
      );
    } else {
      this.logger.log(
        `Postmark config: the ${this.runtime.postmark ? 'start-up (sandbox)' : 'environment (POSTMARK_*)'} config is active ` +
          `(${this.describe(this.mailer.configuration)}); no saved config in ${this.store.kind} ${this.store.location}`,
      );
    }
    await this.store.watch?.(() => {
      void this.reload();
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.queue.catch(() => undefined);
    await this.store.close();
  }

  /** The active config with the token masked, and where it came from. */
  view(): PostmarkConfigView {
    const { serverToken, ...rest } = this.mailer.configuration;
    return {
      serverToken: maskToken(serverToken),
      ...rest,
      source: this.source,
      ...(this.savedAt ? { savedAt: this.savedAt } : {}),
      storage: this.store.kind,
    };
  }

  /** The admin's candidate as the mailer should see it (JSONC templates, masked token kept). */
  candidate(raw: unknown): PostmarkConnectorConfig {
    return normalizeCandidate(raw, this.mailer.configuration.serverToken);
  }

  /**
   * Validates, checks against Postmark (token and every alias), persists, then activates.
   *
   * @throws ApiError 400 `validation_failed` (the mailer's violations), 502
   *   `email_provider_misconfigured` naming the token or the aliases that failed, 503 when
   *   Postmark could not be reached. The active config is then unchanged.
   */
  save(raw: unknown): Promise<PostmarkConfigView> {
    return this.exclusive(async () => {
      let candidate: PostmarkConnectorConfig;
      try {
        candidate = this.candidate(raw);
      } catch (error) {
        if (isPostmarkMailerError(error))
          throw mailerErrorToApiError(error, true);
        throw error;
      }
      const unknown =
        typeof candidate === 'object' && candidate !== null
          ? Object.keys(candidate).filter(
              (key) => !(SAVED_CONFIG_KEYS as readonly string[]).includes(key),
            )
          : [];
      if (unknown.length) {
        throw ApiError.validation(
          unknown.map(
            (key) =>
              `${key}: is not a known option (only ${SAVED_CONFIG_KEYS.join(', ')} can be saved)`,
          ),
        );
      }
      let check: ConfigurationCheck;
      try {
        check = await this.mailer.checkConfiguration(candidate);
      } catch (error) {
        if (isPostmarkMailerError(error))
          throw mailerErrorToApiError(error, true);
        throw error;
      }
      if (!check.ok) throw this.checkFailed(check);

      const config: PostmarkConnectorConfig = {
        serverToken: candidate.serverToken,
        fromEmail: candidate.fromEmail.trim(),
        templates: candidate.templates.map(({ usageType, templateAlias }) => ({
          usageType,
          templateAlias,
        })),
        ...(candidate.messageStream
          ? { messageStream: candidate.messageStream }
          : {}),
      };
      const saved: SavedPostmarkConfig = {
        version: 1,
        savedAt: new Date().toISOString(),
        config,
      };
      await this.store.save(saved);
      this.activateSaved(saved);
      this.logger.log(
        `Postmark config saved to ${this.store.kind} ${this.store.location} and active (${this.describe(this.mailer.configuration)})`,
      );
      return this.view();
    });
  }

  /** Re-reads the store (another instance saved) and activates what is there. */
  reload(): Promise<void> {
    return this.exclusive(async () => {
      try {
        const saved = await this.store.load();
        if (!saved || saved.savedAt === this.savedAt) return;
        this.activateSaved(saved);
        this.logger.log(
          `Postmark config: activated the config saved by another instance at ${saved.savedAt} (${this.describe(this.mailer.configuration)})`,
        );
      } catch (error) {
        this.logger.error(
          `Postmark config: could not reload the saved config: ${(error as Error).message}`,
        );
      }
    });
  }

  private activateSaved(saved: SavedPostmarkConfig): void {
    try {
      this.mailer.useConfiguration(saved.config);
    } catch (error) {
      throw new SavedConfigError(
        `the saved Postmark config in ${this.store.kind} ${this.store.location} is invalid: ${(error as Error).message}`,
      );
    }
    this.source = 'saved';
    this.savedAt = saved.savedAt;
  }

  private checkFailed(check: ConfigurationCheck): ApiError {
    const lines: string[] = [];
    const codes: string[] = [];
    if (!check.server.ok && check.server.error) {
      lines.push(`serverToken: ${check.server.error.message}`);
      codes.push(check.server.error.code);
    }
    check.templates.forEach((template, index) => {
      if (template.ok || !template.error) return;
      lines.push(
        `templates[${index}].templateAlias: ${template.usageType} "${template.templateAlias}": ${template.error.message}`,
      );
      codes.push(template.error.code);
    });
    const unreachable = codes.some((code) => UNREACHABLE.has(code));
    return unreachable
      ? new ApiError(
          503,
          'email_provider_unavailable',
          lines,
          { code: codes[0], check },
          30,
        )
      : new ApiError(502, 'email_provider_misconfigured', lines, {
          code: codes[0],
          check,
        });
  }

  private describe(config: ResolvedPostmarkConfig): string {
    return `From ${config.fromEmail}, ${config.templates.length} templates, stream ${config.messageStream}`;
  }

  private exclusive<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }
}
