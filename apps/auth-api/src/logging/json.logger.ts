import type { LoggerService, LogLevel } from '@nestjs/common';
import { maskEmail } from '@app/postmark-mailer';

const EMAIL = /[^\s<>"'(),;:]+@[^\s<>"'(),;:]+\.[A-Za-z]{2,}/g;

/** Masks every address in a log text (`jane@example.org` -> `j***@example.org`); already masked ones stay. */
export function redactEmails(text: string): string {
  return text.replace(EMAIL, (match) =>
    match.includes('***@') ? match : maskEmail(match),
  );
}

export type LogSink = (line: string) => void;

/** `LOG_LEVEL` values, most verbose first. */
export const LOG_LEVEL_NAMES = [
  'verbose',
  'debug',
  'log',
  'warn',
  'error',
] as const;
export type LogLevelName = (typeof LOG_LEVEL_NAMES)[number];

/** The levels written at `LOG_LEVEL=name` (an unknown name counts as `log`). */
export function logLevelsFrom(name: string | undefined): LogLevel[] {
  const index = LOG_LEVEL_NAMES.indexOf(
    (name?.trim() || 'log') as LogLevelName,
  );
  return [...LOG_LEVEL_NAMES.slice(index < 0 ? 2 : index), 'fatal'];
}

const defaultSink: LogSink = (line) => {
  process.stdout.write(`${line}\n`);
};

/**
 * One JSON object per line: `{ time, level, context, message }`. Addresses are masked; callers never
 * pass the server token, codes or the admin key.
 */
export class JsonLogger implements LoggerService {
  private levels: Set<LogLevel>;

  constructor(
    private readonly sink: LogSink = defaultSink,
    levels: LogLevel[] = logLevelsFrom('log'),
  ) {
    this.levels = new Set(levels);
  }

  setLogLevels(levels: LogLevel[]): void {
    this.levels = new Set(levels);
  }

  isLevelEnabled(level: LogLevel): boolean {
    return this.levels.has(level);
  }

  log(message: unknown, ...rest: unknown[]): void {
    this.write('log', message, rest);
  }
  error(message: unknown, ...rest: unknown[]): void {
    this.write('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.write('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]): void {
    this.write('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]): void {
    this.write('verbose', message, rest);
  }
  fatal(message: unknown, ...rest: unknown[]): void {
    this.write('fatal', message, rest);
  }

  private write(level: LogLevel, message: unknown, rest: unknown[]): void {
    if (!this.levels.has(level)) return;
    const params = [...rest];
    const context =
      typeof params[params.length - 1] === 'string'
        ? (params.pop() as string)
        : undefined;
    const entry: Record<string, unknown> = {
      time: new Date().toISOString(),
      level,
      context,
      message: redactEmails(
        typeof message === 'string' ? message : safeJson(message),
      ),
    };
    // Nest passes a stack trace as the second argument of `error`.
    const stack = params.find((p): p is string => typeof p === 'string');
    if (stack) entry['stack'] = redactEmails(stack);
    this.sink(JSON.stringify(entry));
  }
}

function safeJson(value: unknown): string {
  if (value instanceof Error) return `${value.name}: ${value.message}`;
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}
