export * from './lib/postmark-mailer.module';
