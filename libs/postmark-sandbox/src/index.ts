export {
  startPostmarkSandbox,
  SANDBOX_SERVER_ID,
} from './postmark-sandbox.server';
export type {
  PostmarkSandbox,
  SandboxServerResponse,
} from './postmark-sandbox.server';
export {
  DEFAULT_MAILBOX_LIMIT,
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_MESSAGE_STREAM,
  DEFAULT_SANDBOX_HOST,
  DEFAULT_SANDBOX_SENDER_DOMAIN,
  DEFAULT_SANDBOX_TOKEN,
  DEFAULT_STANDALONE_PORT,
} from './postmark-sandbox.options';
export type { PostmarkSandboxOptions } from './postmark-sandbox.options';
export { DEFAULT_SANDBOX_TEMPLATES } from './sandbox-templates';
export type {
  SandboxTemplateDefinition,
  SandboxTemplateResponse,
} from './sandbox-templates';
export type { SandboxMessage, SandboxMessageFilter } from './sandbox-mailbox';
export {
  MAX_FAULT_DELAY_MS,
  SANDBOX_FAULT_STATUSES,
  SandboxFaultError,
} from './sandbox-faults';
export type {
  SandboxDelayFault,
  SandboxFault,
  SandboxFaultAction,
  SandboxFaultProbability,
  SandboxFaultRecord,
  SandboxFaultStatus,
  SandboxFaultTimes,
  SandboxFaultTrigger,
  SandboxResetFault,
  SandboxStatusFault,
} from './sandbox-faults';
export type { SandboxStatsSnapshot } from './sandbox-stats';
export { PostmarkErrorCode } from './postmark.errors';
export type { PostmarkSendResponse } from './postmark-send.handler';
export { readSandboxEnv } from './postmark-sandbox.env';
