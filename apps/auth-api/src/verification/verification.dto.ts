import { USAGE_TYPES, type UsageType } from '@app/postmark-mailer';
import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsIn, IsString, Matches, MaxLength } from 'class-validator';

const trim = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' ? value.trim() : value;

export class RequestVerificationCodeDto {
  @ApiProperty({
    example: 'jane@example.com',
    maxLength: 254,
    description: 'Compared case-insensitively after trimming',
  })
  @Transform(trim)
  @IsString()
  @MaxLength(254)
  @IsEmail({}, { message: 'email must be an email address' })
  email!: string;

  @ApiProperty({ enum: USAGE_TYPES, example: 'SignIn' })
  @IsIn(USAGE_TYPES as readonly string[], {
    message: `usageType must be one of: ${USAGE_TYPES.join(', ')}`,
  })
  usageType!: UsageType;
}

export class VerifyCodeDto extends RequestVerificationCodeDto {
  @ApiProperty({ example: '123456', pattern: '^\\d{6}$' })
  @Transform(trim)
  @IsString()
  @Matches(/^\d{6}$/, { message: 'code must be 6 digits' })
  code!: string;
}

export class VerificationCodeIssuedDto {
  @ApiProperty({ example: 600 })
  expiresInSeconds!: number;

  @ApiProperty({ example: 60 })
  resendAfterSeconds!: number;
}

export class VerifiedDto {
  @ApiProperty({ example: true })
  verified!: true;
}

export class ErrorDto {
  @ApiProperty({ example: 400 })
  statusCode!: number;

  @ApiProperty({ example: 'validation_failed' })
  error!: string;

  @ApiProperty({
    oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }],
  })
  message!: string | string[];

  @ApiProperty({ required: false, description: 'With invalid_code' })
  attemptsRemaining?: number;
}
