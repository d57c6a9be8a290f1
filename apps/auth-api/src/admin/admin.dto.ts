import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { LOGTO_EXAMPLE_TEMPLATES } from '@app/postmark-mailer';
import {
  IsEmail,
  IsObject,
  IsOptional,
  IsString,
  MaxLength,
} from 'class-validator';

const CONFIG_EXAMPLE = {
  serverToken: '<Server Token of the Postmark server>',
  fromEmail: 'Acme <no-reply@acme.com>',
  templates: LOGTO_EXAMPLE_TEMPLATES,
};

/** The body of `PUT /v1/admin/postmark/config` (validated by the mailer's rules, not by the pipe). */
export const SAVE_CONFIG_SCHEMA = {
  type: 'object',
  required: ['serverToken', 'fromEmail', 'templates'],
  properties: {
    serverToken: {
      type: 'string',
      description:
        'Postmark Server API token; the masked value GET shows keeps the active token',
    },
    fromEmail: { type: 'string', example: 'Acme <no-reply@acme.com>' },
    templates: {
      description:
        'The templates array, or JSON/JSONC text of it (comments and trailing commas allowed)',
      oneOf: [{ type: 'array', items: { type: 'object' } }, { type: 'string' }],
    },
    messageStream: { type: 'string', example: 'outbound' },
  },
  example: CONFIG_EXAMPLE,
};

export class CandidateConfigDto {
  @ApiPropertyOptional({
    description:
      'A Postmark connector config (Logto shape) to use instead of the active one; it is not saved',
    example: CONFIG_EXAMPLE,
    type: 'object',
    additionalProperties: true,
  })
  @IsOptional()
  @IsObject()
  config?: Record<string, unknown>;
}

export class TestSendDto extends CandidateConfigDto {
  @ApiProperty({ example: 'jane@example.com' })
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? value.trim() : value,
  )
  @IsString()
  @MaxLength(254)
  @IsEmail({}, { message: 'to must be an email address' })
  to!: string;
}

export class TestSendResultDto {
  @ApiProperty()
  messageId!: string;

  @ApiProperty()
  submittedAt!: string;
}
