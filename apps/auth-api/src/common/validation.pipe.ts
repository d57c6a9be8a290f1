import {
  type ArgumentMetadata,
  HttpException,
  ValidationPipe,
  type ValidationError,
} from '@nestjs/common';
import { ApiError } from './api-error';

function messages(errors: ValidationError[], parent = ''): string[] {
  return errors.flatMap((error) => {
    const path = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((m) =>
      parent ? `${parent}.${m}` : m,
    );
    return [...own, ...messages(error.children ?? [], path)];
  });
}

/** Keys that reach object prototypes (or break class-transformer) when copied into instances. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const MAX_DEPTH = 32;
/** A UTF-16 surrogate without its pair (not valid Unicode; validator's isEmail throws on it). */
const LONE_SURROGATE =
  /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const wellFormed = (text: string): boolean => !LONE_SURROGATE.test(text);

/** The first problem of a body no DTO may see: a prototype key, a lone surrogate, too deep a nesting. */
export function unsafeInput(
  value: unknown,
  path = 'body',
  depth = 0,
): string | undefined {
  if (typeof value === 'string')
    return wellFormed(value)
      ? undefined
      : `${path}: must be valid Unicode text`;
  if (typeof value !== 'object' || value === null) return undefined;
  if (depth > MAX_DEPTH) return `${path}: nested too deeply`;
  for (const key of Object.getOwnPropertyNames(value)) {
    if (FORBIDDEN_KEYS.has(key))
      return `${path}.${key}: this key is not allowed`;
    if (!wellFormed(key)) return `${path}: keys must be valid Unicode text`;
    const problem = unsafeInput(
      (value as Record<string, unknown>)[key],
      Array.isArray(value) ? `${path}[${key}]` : `${path}.${key}`,
      depth + 1,
    );
    if (problem) return problem;
  }
  return undefined;
}

/**
 * The global pipe: unknown fields refused, types transformed, 400 `validation_failed` with one message
 * per problem. Bodies with prototype keys (`__proto__`, `constructor`, `prototype`), lone surrogates or
 * absurd nesting are refused before class-transformer and the validators see them (both can throw on
 * such input, which would otherwise be a 500).
 */
class SafeValidationPipe extends ValidationPipe {
  override async transform(
    value: unknown,
    metadata: ArgumentMetadata,
  ): Promise<unknown> {
    if (metadata.type === 'body') {
      const problem = unsafeInput(value);
      if (problem) throw ApiError.validation([problem]);
    }
    try {
      return await super.transform(value, metadata);
    } catch (error) {
      if (error instanceof HttpException) throw error;
      // A validator or the transformer choked on the input: still the client's input.
      throw ApiError.validation([`${metadata.type}: could not be validated`]);
    }
  }
}

export function createValidationPipe(): ValidationPipe {
  return new SafeValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    stopAtFirstError: false,
    exceptionFactory: (errors) => ApiError.validation(messages(errors)),
  });
}
