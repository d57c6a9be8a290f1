import { ValidationPipe, type ValidationError } from '@nestjs/common';
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

/** The global pipe: unknown fields refused, types transformed, 400 `validation_failed` with one message per problem. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    stopAtFirstError: false,
    exceptionFactory: (errors) => ApiError.validation(messages(errors)),
  });
}
