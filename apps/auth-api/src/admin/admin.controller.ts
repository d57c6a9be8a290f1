import {
  Body,
  Controller,
  Get,
  HttpCode,
  Logger,
  Post,
  UseGuards,
} from '@nestjs/common';
import {
  isPostmarkMailerError,
  maskEmail,
  VerificationMailer,
  type ConfigurationCheck,
  type PostmarkConnectorConfig,
} from '@app/postmark-mailer';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import { mailerErrorToApiError } from '../common/mailer-error.mapper';
import { AdminAuthGuard } from './admin-auth.guard';
import {
  CandidateConfigDto,
  TestSendDto,
  TestSendResultDto,
} from './admin.dto';

/** The token as shown to an administrator: its first 4 characters. */
export function maskToken(token: string): string {
  return token.length <= 8 ? '…' : `${token.slice(0, 4)}…`;
}

/** The Postmark "test connector" flow; Postmark's reasons are shown here (admins only). */
@ApiTags('admin')
@ApiBearerAuth()
@SkipThrottle()
@UseGuards(AdminAuthGuard)
@Controller('v1/admin/postmark')
export class AdminController {
  private readonly logger = new Logger(AdminController.name);

  constructor(private readonly mailer: VerificationMailer) {}

  @Post('test')
  @HttpCode(200)
  @ApiOkResponse({ type: TestSendResultDto })
  async test(@Body() body: TestSendDto): Promise<TestSendResultDto> {
    const candidate = (body.config ??
      this.activeConnectorConfig()) as unknown as PostmarkConnectorConfig;
    try {
      const sent = await this.mailer.testConfiguration(candidate, body.to);
      this.logger.log(
        `test send to ${maskEmail(body.to)} with the ${body.config ? 'candidate' : 'active'} config: ${sent.messageId}`,
      );
      return { messageId: sent.messageId, submittedAt: sent.submittedAt };
    } catch (error) {
      throw this.mapped(error, 'test send');
    }
  }

  @Post('check')
  @HttpCode(200)
  async check(@Body() body: CandidateConfigDto): Promise<ConfigurationCheck> {
    try {
      return await this.mailer.checkConfiguration(
        body.config as unknown as PostmarkConnectorConfig | undefined,
      );
    } catch (error) {
      throw this.mapped(error, 'check');
    }
  }

  @Get('config')
  config(): Record<string, unknown> {
    const { serverToken, ...rest } = this.mailer.configuration;
    return { serverToken: maskToken(serverToken), ...rest };
  }

  private activeConnectorConfig(): PostmarkConnectorConfig {
    const { serverToken, fromEmail, templates } = this.mailer.configuration;
    return { serverToken, fromEmail, templates: [...templates] };
  }

  private mapped(error: unknown, what: string): unknown {
    if (!isPostmarkMailerError(error)) return error;
    this.logger.warn(`admin ${what} failed: ${error.code}: ${error.message}`);
    return mailerErrorToApiError(error, true);
  }
}
