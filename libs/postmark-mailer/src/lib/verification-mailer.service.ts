import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { maskEmail } from './email-address';
import { validatePostmarkConfig } from './postmark-config.validator';
import { InjectPostmarkConfig } from './postmark-mailer.constants';
import {
  PostmarkMailerError,
  PostmarkMailerErrorCode,
} from './postmark-mailer.error';
import type {
  PostmarkConnectorConfig,
  ResolvedPostmarkConfig,
} from './postmark-mailer.options';
import { PostmarkClient } from './postmark.client';
import { isUsageType, type UsageType } from './usage-type';
import type {
  CheckFailure,
  ConfigurationCheck,
  SendVerificationCodeRequest,
  SentVerificationCode,
  TemplateCheck,
  VerificationMailerContract,
} from './verification-mailer.types';

/** The code put in the template model of a test send. */
export const SAMPLE_VERIFICATION_CODE = '123456';

/** The transport settings a candidate connector config inherits from the active config. */
const INHERITED = [
  'messageStream',
  'apiUrl',
  'timeoutMs',
  'retry',
  'httpAdapter',
  'connections',
] as const;

interface ActiveConfig {
  config: ResolvedPostmarkConfig;
  aliases: ReadonlyMap<UsageType, string>;
}

function activate(config: ResolvedPostmarkConfig): ActiveConfig {
  return {
    config,
    aliases: new Map(
      config.templates.map((t) => [t.usageType, t.templateAlias]),
    ),
  };
}

function failure(error: unknown): CheckFailure {
  if (error instanceof PostmarkMailerError)
    return { code: error.code, message: error.message };
  return {
    code: PostmarkMailerErrorCode.PROVIDER_ERROR,
    message: 'unexpected error',
  };
}

function invalidArgument(message: string): PostmarkMailerError {
  return new PostmarkMailerError(
    PostmarkMailerErrorCode.INVALID_ARGUMENT,
    message,
  );
}

/** Sends verification codes through Postmark templates. */
@Injectable()
export class VerificationMailer
  implements VerificationMailerContract, OnModuleInit
{
  private readonly logger = new Logger(VerificationMailer.name);
  private active: ActiveConfig;

  constructor(
    @InjectPostmarkConfig() config: ResolvedPostmarkConfig,
    private readonly client: PostmarkClient,
  ) {
    this.active = activate(config);
  }

  /** The config sends go out with now (validated, defaults applied). */
  get configuration(): ResolvedPostmarkConfig {
    return this.active.config;
  }

  /**
   * Makes a connector config the active one for the sends that start from now on. Transport
   * settings it leaves out are kept from the active config.
   *
   * @throws PostmarkMailerError `INVALID_CONFIG`; the active config is then unchanged.
   */
  useConfiguration(candidate: PostmarkConnectorConfig): ResolvedPostmarkConfig {
    const config = this.resolveCandidate(candidate);
    this.active = activate(config);
    return config;
  }

  async onModuleInit(): Promise<void> {
    if (this.active.config.verifyTemplatesOnStartup)
      await this.verifyOnStartup();
  }

  /**
   * Sends `code` with the template of `usageType`.
   *
   * @throws PostmarkMailerError with a stable `code`; `INVALID_ARGUMENT` for a bad request.
   */
  async sendVerificationCode(
    request: SendVerificationCodeRequest,
  ): Promise<SentVerificationCode> {
    return this.send(this.active, request);
  }

  /**
   * Sends the `Generic` template with a sample code through a candidate config that is not
   * active: the "Send" before "Save". Transport settings it leaves out come from the active config.
   *
   * @throws PostmarkMailerError `INVALID_CONFIG` for an invalid candidate, else as a send.
   */
  async testConfiguration(
    candidate: PostmarkConnectorConfig,
    to: string,
  ): Promise<SentVerificationCode> {
    const config = activate(this.resolveCandidate(candidate));
    return this.send(config, {
      to,
      usageType: 'Generic',
      code: SAMPLE_VERIFICATION_CODE,
    });
  }

  /**
   * Checks the token (`GET /server`) and every template alias (`GET /templates/{alias}`) of the
   * active config or of a candidate. Never throws for a Postmark answer: each check reports it.
   *
   * @throws PostmarkMailerError `INVALID_CONFIG` for an invalid candidate.
   */
  async checkConfiguration(
    candidate?: PostmarkConnectorConfig,
    attempts?: number,
  ): Promise<ConfigurationCheck> {
    const config =
      candidate === undefined
        ? this.active.config
        : this.resolveCandidate(candidate);
    const [server, ...templates] = await Promise.all([
      this.client.getServer(config, attempts).then(
        ({ data }) => ({ ok: true, name: data.Name }),
        (error: unknown) => ({ ok: false, error: failure(error) }),
      ),
      ...config.templates.map(({ usageType, templateAlias }) =>
        this.client.getTemplate(config, templateAlias, attempts).then(
          ({ data }): TemplateCheck =>
            data.Active === false
              ? {
                  usageType,
                  templateAlias,
                  ok: false,
                  error: {
                    code: PostmarkMailerErrorCode.TEMPLATE_NOT_FOUND,
                    message: `Postmark template "${templateAlias}" exists but is inactive`,
                  },
                }
              : {
                  usageType,
                  templateAlias,
                  ok: true,
                  templateId: data.TemplateId,
                  name: data.Name,
                },
          (error: unknown): TemplateCheck => ({
            usageType,
            templateAlias,
            ok: false,
            error: failure(error),
          }),
        ),
      ),
    ]);
    return { ok: server.ok && templates.every((t) => t.ok), server, templates };
  }

  private resolveCandidate(
    candidate: PostmarkConnectorConfig,
  ): ResolvedPostmarkConfig {
    if (
      typeof candidate !== 'object' ||
      candidate === null ||
      Array.isArray(candidate)
    ) {
      return validatePostmarkConfig(candidate, 'candidate Postmark config');
    }
    const merged: Record<string, unknown> = { ...candidate };
    for (const key of INHERITED) merged[key] ??= this.active.config[key];
    return validatePostmarkConfig(merged, 'candidate Postmark config');
  }

  private async send(
    active: ActiveConfig,
    request: SendVerificationCodeRequest,
  ): Promise<SentVerificationCode> {
    const { to, usageType, code, model } = request;
    // The address itself is Postmark's to judge (it answers ErrorCode 300, INVALID_RECIPIENT).
    if (typeof to !== 'string' || to.trim() === '' || /[\r\n]/.test(to)) {
      throw invalidArgument('to: must be a non-empty address on one line');
    }
    if (!isUsageType(usageType))
      throw invalidArgument(`usageType: must be a known usage type`);
    if (typeof code !== 'string' || code.length === 0)
      throw invalidArgument('code: must be a non-empty string');

    const { config, aliases } = active;
    const templateAlias =
      aliases.get(usageType) ?? (aliases.get('Generic') as string);
    const started = performance.now();
    try {
      const { data, attempts } = await this.client.sendWithTemplate(
        config,
        {
          From: config.fromEmail,
          To: to,
          TemplateAlias: templateAlias,
          TemplateModel: { ...model, code },
          MessageStream: config.messageStream,
          Tag: usageType,
        },
        `send ${usageType}`,
      );
      this.logger.log(
        `sent ${usageType} to ${maskEmail(to)} message=${data.MessageID} attempts=${attempts} ` +
          `in ${Math.round(performance.now() - started)}ms`,
      );
      return {
        messageId: data.MessageID,
        submittedAt: data.SubmittedAt,
        to: data.To,
      };
    } catch (error) {
      const e = error as PostmarkMailerError;
      this.logger.warn(
        `send ${usageType} to ${maskEmail(to)} failed: ${e.code}` +
          `${e.httpStatus ? ` status=${e.httpStatus}` : ''}${e.postmarkErrorCode ? ` postmark=${e.postmarkErrorCode}` : ''}` +
          ` attempts=${e.attempts ?? 1} in ${Math.round(performance.now() - started)}ms`,
      );
      throw error;
    }
  }

  private async verifyOnStartup(): Promise<void> {
    const check = await this.checkConfiguration(undefined, 1);
    const unreachable: ReadonlySet<string> = new Set([
      'TIMEOUT',
      'NETWORK',
      'PROVIDER_UNAVAILABLE',
      'RATE_LIMITED',
    ]);
    const failures = [check.server, ...check.templates]
      .filter((c) => !c.ok)
      .map((c) => c.error as CheckFailure);
    if (failures.length === 0) {
      this.logger.log(
        `Postmark server "${check.server.name}" and ${check.templates.length} templates verified`,
      );
      return;
    }
    if (failures.every((f) => unreachable.has(f.code))) {
      this.logger.warn(
        `Could not verify the Postmark config at start-up (${failures[0].message}); going on`,
      );
      return;
    }
    const fatal = failures.filter((f) => !unreachable.has(f.code));
    throw new PostmarkMailerError(
      fatal[0].code,
      `Postmark config failed verification at start-up:\n${fatal.map((f) => `  - ${f.message}`).join('\n')}`,
    );
  }
}
