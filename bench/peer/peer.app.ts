// The peer of the API bench: the same two operations written the way a typical NestJS team
// would: Express adapter, the default ValidationPipe with class-validator DTOs, the official
// postmark client for the send, a Map for the codes.
import 'reflect-metadata';
import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';
import {
  Body,
  Controller,
  HttpCode,
  HttpException,
  Injectable,
  Module,
  Post,
  ValidationPipe,
} from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { IsEmail, IsIn, IsString, Length } from 'class-validator';
import { ServerClient } from 'postmark';
import { DEFAULT_SANDBOX_TOKEN } from '@app/postmark-sandbox';

const USAGE_TYPES = ['Register', 'SignIn', 'ForgotPassword', 'Generic'];

class RequestCodeDto {
  @IsEmail()
  email!: string;

  @IsIn(USAGE_TYPES)
  usageType!: string;
}

class VerifyCodeDto extends RequestCodeDto {
  @IsString()
  @Length(6, 6)
  code!: string;
}

@Injectable()
class CodesService {
  private readonly store = new Map<
    string,
    { hash: Buffer; expiresAt: number; attempts: number }
  >();
  private readonly postmark = new ServerClient(DEFAULT_SANDBOX_TOKEN, {
    requestHost: new URL(process.env['POSTMARK_API_URL'] as string).host,
    useHttps: false,
  });

  private hmac(code: string): Buffer {
    return createHmac('sha256', 'peer-secret').update(code).digest();
  }

  async request(dto: RequestCodeDto) {
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    const key = `${dto.usageType}:${dto.email.trim().toLowerCase()}`;
    this.store.set(key, {
      hash: this.hmac(code),
      expiresAt: Date.now() + 600_000,
      attempts: 0,
    });
    try {
      await this.postmark.sendEmailWithTemplate({
        From: 'Peer <no-reply@example.com>',
        To: dto.email,
        TemplateAlias: 'logto-sign-in',
        TemplateModel: { code },
        MessageStream: 'outbound',
        Tag: dto.usageType,
      });
    } catch {
      this.store.delete(key);
      throw new HttpException({ error: 'email_provider_unavailable' }, 503);
    }
    return { expiresInSeconds: 600, resendAfterSeconds: 60 };
  }

  verify(dto: VerifyCodeDto) {
    const key = `${dto.usageType}:${dto.email.trim().toLowerCase()}`;
    const entry = this.store.get(key);
    if (!entry || entry.expiresAt < Date.now())
      throw new HttpException({ error: 'code_expired' }, 400);
    if (!timingSafeEqual(entry.hash, this.hmac(dto.code))) {
      entry.attempts++;
      throw new HttpException({ error: 'invalid_code' }, 400);
    }
    this.store.delete(key);
    return { verified: true };
  }
}

@Controller('v1/verification-codes')
class CodesController {
  constructor(private readonly codes: CodesService) {}

  @Post()
  @HttpCode(202)
  request(@Body() dto: RequestCodeDto) {
    return this.codes.request(dto);
  }

  @Post('verify')
  @HttpCode(200)
  verify(@Body() dto: VerifyCodeDto) {
    return this.codes.verify(dto);
  }
}

@Module({ controllers: [CodesController], providers: [CodesService] })
class PeerModule {}

async function main(): Promise<void> {
  const app = await NestFactory.create(PeerModule, {
    logger: ['error', 'warn'],
  });
  app.useGlobalPipes(new ValidationPipe());
  await app.listen(Number(process.env['PORT'] ?? 0), '127.0.0.1');
  const address = app.getHttpServer().address();
  process.send?.({
    port: typeof address === 'object' && address ? address.port : 0,
  });
  process.once('SIGTERM', () => void app.close().then(() => process.exit(0)));
}

void main();
