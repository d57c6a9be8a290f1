export * from './lib/postmark-sandbox.module';
