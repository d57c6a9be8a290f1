import {
  Body,
  Controller,
  Get,
  HttpCode,
  Logger,
  Post,
  Put,
  UseGuards,
} from '@nestjs/common';
import {
  isPostmarkMailerError,
  maskEmail,
  VerificationMailer,
  type ConfigurationCheck,
  type PostmarkConnectorConfig,
} from '@app/postmark-mailer';
import {
  ApiBearerAuth,
  ApiBody,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import { mailerErrorToApiError } from '../common/mailer-error.mapper';
import { maskToken } from '../postmark-config/postmark-config.candidate';
import {
  PostmarkConfigService,
  type PostmarkConfigView,
} from '../postmark-config/postmark-config.service';
import { AdminAuthGuard } from './admin-auth.guard';
import {
  CandidateConfigDto,
  SAVE_CONFIG_SCHEMA,
  TestSendDto,
  TestSendResultDto,
} from './admin.dto';

export { maskToken };

/** The Postmark "test connector" flow; Postmark's reasons are shown here (admins only). */
@ApiTags('admin')
@ApiBearerAuth()
@SkipThrottle()
@UseGuards(AdminAuthGuard)
@Controller('v1/admin/postmark')
export class AdminController {
  private readonly logger = new Logger(AdminController.name);

  constructor(
    private readonly mailer: VerificationMailer,
    private readonly postmarkConfig: PostmarkConfigService,
  ) {}

  @Post('test')
  @HttpCode(200)
  @ApiOkResponse({ type: TestSendResultDto })
  async test(@Body() body: TestSendDto): Promise<TestSendResultDto> {
    try {
      const candidate = body.config
        ? this.postmarkConfig.candidate(body.config)
        : this.activeConnectorConfig();
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
        body.config ? this.postmarkConfig.candidate(body.config) : undefined,
      );
    } catch (error) {
      throw this.mapped(error, 'check');
    }
  }

  @Get('config')
  config(): PostmarkConfigView {
    return this.postmarkConfig.view();
  }

  /**
   * Validates a full connector config, checks the token and every template alias against Postmark,
   * persists it and makes it the active config. The body is the connector config itself;
   * `templates` may be JSON/JSONC text; the masked token (as GET shows it) keeps the active token.
   */
  @Put('config')
  @HttpCode(200)
  @ApiBody({ schema: SAVE_CONFIG_SCHEMA })
  async saveConfig(@Body() body: unknown): Promise<PostmarkConfigView> {
    return this.postmarkConfig.save(body);
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
