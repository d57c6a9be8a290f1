import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiOkResponse,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import {
  ErrorDto,
  RequestVerificationCodeDto,
  VerificationCodeIssuedDto,
  VerifiedDto,
  VerifyCodeDto,
} from './verification.dto';
import { VerificationService, type IssuedCode } from './verification.service';

@ApiTags('verification')
@Controller('v1/verification-codes')
export class VerificationController {
  constructor(private readonly verification: VerificationService) {}

  @Post()
  @HttpCode(202)
  @ApiAcceptedResponse({
    type: VerificationCodeIssuedDto,
    description: 'The code was sent',
  })
  @ApiResponse({
    status: 400,
    type: ErrorDto,
    description: 'validation_failed',
  })
  @ApiResponse({
    status: 422,
    type: ErrorDto,
    description: 'recipient_inactive',
  })
  @ApiResponse({
    status: 429,
    type: ErrorDto,
    description: 'resend_too_soon, rate_limited (Retry-After)',
  })
  @ApiResponse({
    status: 502,
    type: ErrorDto,
    description: 'email_provider_misconfigured',
  })
  @ApiResponse({
    status: 503,
    type: ErrorDto,
    description: 'email_provider_unavailable (Retry-After)',
  })
  request(@Body() body: RequestVerificationCodeDto): Promise<IssuedCode> {
    return this.verification.request(body.email, body.usageType);
  }

  @Post('verify')
  @HttpCode(200)
  @ApiOkResponse({ type: VerifiedDto })
  @ApiResponse({
    status: 400,
    type: ErrorDto,
    description:
      'validation_failed, invalid_code (attemptsRemaining), code_expired',
  })
  @ApiResponse({
    status: 429,
    type: ErrorDto,
    description: 'too_many_attempts, rate_limited',
  })
  verify(@Body() body: VerifyCodeDto): Promise<{ verified: true }> {
    return this.verification.verify(body.email, body.usageType, body.code);
  }
}
