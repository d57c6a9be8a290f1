import { parse, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { invalidConfigError } from './postmark-config.validator';

function lineAndColumn(
  text: string,
  offset: number,
): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/**
 * Parses JSON or JSONC (comments, trailing commas), as the connector examples are written.
 *
 * @param source names the variable or file in the error, for example `POSTMARK_TEMPLATES`.
 * @throws PostmarkMailerError `INVALID_CONFIG` with the line and column of each syntax error.
 *   The message quotes no part of the text, so a token in it cannot leak.
 */
export function parseJsonc(text: string, source: string): unknown {
  const errors: ParseError[] = [];
  const value: unknown = parse(text, errors, {
    allowTrailingComma: true,
    disallowComments: false,
  });
  if (errors.length) {
    throw invalidConfigError(
      errors.map((error) => {
        const { line, column } = lineAndColumn(text, error.offset);
        return `${source}: ${printParseErrorCode(error.error)} at line ${line}, column ${column}`;
      }),
      `JSON/JSONC in ${source}`,
    );
  }
  return value;
}
