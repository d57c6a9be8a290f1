import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { PostmarkConfigDto } from './postmark-config.dto';
import {
  PostmarkMailerError,
  PostmarkMailerErrorCode,
} from './postmark-mailer.error';
import {
  POSTMARK_DEFAULTS,
  type ResolvedPostmarkConfig,
} from './postmark-mailer.options';
import { REQUIRED_USAGE_TYPES } from './usage-type';

const UNKNOWN_PROPERTY = 'whitelistValidation';

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function childPath(parent: string, property: string): string {
  if (!parent) return property;
  return /^\d+$/.test(property)
    ? `${parent}[${property}]`
    : `${parent}.${property}`;
}

/** Keys that would reach an object's prototype machinery; class-transformer also chokes on them. */
const UNSAFE_KEYS: ReadonlySet<string> = new Set([
  '__proto__',
  'constructor',
  'prototype',
]);
const MAX_DEPTH = 8;
const LONE_SURROGATE =
  /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * A copy of the input that is safe to hand to class-transformer and class-validator: no
 * prototype keys, no ill-formed text (a lone UTF-16 surrogate makes validator.js throw instead of
 * answering false), bounded depth. What it drops becomes a violation.
 */
function sanitize(
  value: unknown,
  path: string,
  violations: string[],
  depth = 0,
): unknown {
  const where = path || '(root)';
  if (typeof value === 'string') {
    if (!LONE_SURROGATE.test(value)) return value;
    violations.push(`${where}: must be well-formed text`);
    return '';
  }
  if (typeof value !== 'object' || value === null) return value;
  if (depth >= MAX_DEPTH) {
    violations.push(`${where}: is nested too deeply`);
    return {};
  }
  if (Array.isArray(value)) {
    return value.map((item, i) =>
      sanitize(item, `${path}[${i}]`, violations, depth + 1),
    );
  }
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    if (UNSAFE_KEYS.has(key) || LONE_SURROGATE.test(key)) {
      violations.push(
        `${LONE_SURROGATE.test(key) ? where : childPath(path, key)}: is not a known option`,
      );
      continue;
    }
    copy[key] = sanitize(
      (value as Record<string, unknown>)[key],
      childPath(path, key),
      violations,
      depth + 1,
    );
  }
  return copy;
}

/** Flattens class-validator errors to `path: message` lines. Values are never included. */
function violationsOf(
  errors: readonly ValidationError[],
  parent = '',
): string[] {
  const lines: string[] = [];
  for (const error of errors) {
    const path = childPath(parent, error.property);
    for (const [constraint, message] of Object.entries(
      error.constraints ?? {},
    )) {
      lines.push(
        `${path}: ${constraint === UNKNOWN_PROPERTY ? 'is not a known option' : message}`,
      );
    }
    if (error.children?.length)
      lines.push(...violationsOf(error.children, path));
  }
  return lines;
}

/** Duplicate and missing usage types: the rules that span the whole templates list. */
function templateViolations(templates: unknown): string[] {
  if (!Array.isArray(templates)) return [];
  const lines: string[] = [];
  const firstIndex = new Map<string, number>();
  templates.forEach((template: unknown, index) => {
    if (!isPlainObject(template) || typeof template['usageType'] !== 'string')
      return;
    const usageType = template['usageType'];
    const first = firstIndex.get(usageType);
    if (first === undefined) firstIndex.set(usageType, index);
    else
      lines.push(
        `templates[${index}].usageType: ${usageType} is already configured by templates[${first}]`,
      );
  });
  const missing = REQUIRED_USAGE_TYPES.filter(
    (usageType) => !firstIndex.has(usageType),
  );
  if (missing.length) {
    lines.push(
      `templates: missing usage type${missing.length > 1 ? 's' : ''} ${missing.join(', ')} ` +
        `(a template is required for each of ${REQUIRED_USAGE_TYPES.join(', ')})`,
    );
  }
  return lines;
}

/** Builds the INVALID_CONFIG error for a list of violations. */
export function invalidConfigError(
  violations: readonly string[],
  source = 'Postmark config',
): PostmarkMailerError {
  const count =
    violations.length === 1 ? '1 problem' : `${violations.length} problems`;
  return new PostmarkMailerError(
    PostmarkMailerErrorCode.INVALID_CONFIG,
    `Invalid ${source} (${count}):\n${violations.map((line) => `  - ${line}`).join('\n')}`,
    { violations },
  );
}

/**
 * Validates a connector config or module options and applies the defaults.
 *
 * @throws PostmarkMailerError `INVALID_CONFIG` listing every violation by path
 *   (`templates[2].templateAlias: must not be empty`) and the missing usage types.
 *   No message contains a value from the input, so the server token never appears.
 */
export function validatePostmarkConfig(
  input: unknown,
  source?: string,
): ResolvedPostmarkConfig {
  if (!isPlainObject(input)) {
    throw invalidConfigError(
      ['(root): must be an object { serverToken, fromEmail, templates }'],
      source,
    );
  }
  const unsafe: string[] = [];
  const safe = sanitize(input, '', unsafe) as Record<string, unknown>;
  const dto = plainToInstance(PostmarkConfigDto, safe);
  const errors = validateSync(dto, {
    whitelist: true,
    forbidNonWhitelisted: true,
    validationError: { target: false, value: false },
  });
  const violations = [
    ...unsafe,
    ...violationsOf(errors),
    ...templateViolations(safe['templates']),
  ];
  const retry = {
    ...POSTMARK_DEFAULTS.retry,
    ...stripUndefined(dto.retry ?? {}),
  };
  if (retry.maxDelayMs < retry.baseDelayMs)
    violations.push(
      'retry.maxDelayMs: must not be less than retry.baseDelayMs',
    );
  if (violations.length) throw invalidConfigError(violations, source);

  return {
    serverToken: dto.serverToken,
    fromEmail: dto.fromEmail.trim(),
    templates: dto.templates.map(({ usageType, templateAlias }) => ({
      usageType,
      templateAlias,
    })),
    messageStream: dto.messageStream ?? POSTMARK_DEFAULTS.messageStream,
    apiUrl: (dto.apiUrl ?? POSTMARK_DEFAULTS.apiUrl).replace(/\/+$/, ''),
    timeoutMs: dto.timeoutMs ?? POSTMARK_DEFAULTS.timeoutMs,
    retry,
    verifyTemplatesOnStartup:
      dto.verifyTemplatesOnStartup ??
      POSTMARK_DEFAULTS.verifyTemplatesOnStartup,
    httpAdapter: dto.httpAdapter ?? POSTMARK_DEFAULTS.httpAdapter,
    connections: dto.connections ?? POSTMARK_DEFAULTS.connections,
  };
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(value).filter(([, v]) => v !== undefined),
  ) as Partial<T>;
}
