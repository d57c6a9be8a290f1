import { Type } from 'class-transformer';
import {
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  MaxLength,
  Min,
  registerDecorator,
  ValidateNested,
  type ValidationOptions,
} from 'class-validator';
import { mailboxAddress } from './email-address';
import type {
  PostmarkHttpAdapter,
  PostmarkMailerOptions,
  PostmarkRetryOptions,
  PostmarkTemplateConfig,
} from './postmark-mailer.options';
import { USAGE_TYPES, type UsageType } from './usage-type';

/** `address` or `Name <address>`. */
export function IsMailbox(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isMailbox',
      target: target.constructor,
      propertyName: String(propertyName),
      options,
      validator: {
        validate: (value: unknown) =>
          typeof value === 'string' && mailboxAddress(value) !== undefined,
        defaultMessage: () => 'must be an email address or "Name <address>"',
      },
    });
}

export class PostmarkTemplateDto implements PostmarkTemplateConfig {
  @IsIn(USAGE_TYPES, { message: `must be one of ${USAGE_TYPES.join(', ')}` })
  usageType!: UsageType;

  @IsString({ message: 'must be a string' })
  @IsNotEmpty({ message: 'must not be empty' })
  @MaxLength(255, { message: 'must be at most 255 characters' })
  templateAlias!: string;
}

export class PostmarkRetryDto implements PostmarkRetryOptions {
  @IsOptional()
  @IsInt({ message: 'must be an integer' })
  @Min(1, { message: 'must be at least 1' })
  @Max(10, { message: 'must be at most 10' })
  attempts?: number;

  @IsOptional()
  @IsInt({ message: 'must be an integer (ms)' })
  @Min(0, { message: 'must not be negative' })
  @Max(60_000, { message: 'must be at most 60000 (ms)' })
  baseDelayMs?: number;

  @IsOptional()
  @IsInt({ message: 'must be an integer (ms)' })
  @Min(0, { message: 'must not be negative' })
  @Max(300_000, { message: 'must be at most 300000 (ms)' })
  maxDelayMs?: number;
}

/** The connector config and the module options, as class-validator checks them. */
export class PostmarkConfigDto implements PostmarkMailerOptions {
  @IsString({ message: 'must be a string' })
  @IsNotEmpty({ message: 'must not be empty' })
  serverToken!: string;

  @IsMailbox()
  fromEmail!: string;

  @IsArray({ message: 'must be an array of { usageType, templateAlias }' })
  @ValidateNested({
    each: true,
    message: 'must be an object { usageType, templateAlias }',
  })
  @Type(() => PostmarkTemplateDto)
  templates!: PostmarkTemplateDto[];

  @IsOptional()
  @IsString({ message: 'must be a string' })
  @Matches(/^[a-z0-9][a-z0-9_-]{0,29}$/i, {
    message: 'must be a message stream ID (letters, digits, - and _)',
  })
  messageStream?: string;

  @IsOptional()
  @IsUrl(
    {
      protocols: ['http', 'https'],
      require_protocol: true,
      require_tld: false,
      allow_underscores: true,
    },
    { message: 'must be an http(s) URL' },
  )
  apiUrl?: string;

  @IsOptional()
  @IsInt({ message: 'must be an integer (ms)' })
  @Min(1, { message: 'must be at least 1 (ms)' })
  @Max(600_000, { message: 'must be at most 600000 (ms)' })
  timeoutMs?: number;

  @IsOptional()
  @ValidateNested({
    message: 'must be an object { attempts, baseDelayMs, maxDelayMs }',
  })
  @Type(() => PostmarkRetryDto)
  retry?: PostmarkRetryDto;

  @IsOptional()
  @IsBoolean({ message: 'must be true or false' })
  verifyTemplatesOnStartup?: boolean;

  @IsOptional()
  @IsIn(['undici', 'http'], { message: 'must be undici or http' })
  httpAdapter?: PostmarkHttpAdapter;

  @IsOptional()
  @IsInt({ message: 'must be an integer' })
  @Min(1, { message: 'must be at least 1' })
  @Max(1024, { message: 'must be at most 1024' })
  connections?: number;
}
