/**
 * A small subset of Postmark's Mustachio template syntax, enough for verification mails:
 *
 * - `{{field}}`, `{{ field }}` and dotted paths `{{user.name}}` render the model value,
 *   HTML-escaped when the target is an HTML body;
 * - `{{{field}}}` and `{{& field}}` render the value without escaping;
 * - a missing, `null` or non-scalar value renders as an empty string.
 *
 * Sections (`{{#each}}`, `{{#x}}...{{/x}}`) are not supported and are left as they are.
 * Templates are compiled once, so rendering a send is a single pass over the parts.
 */

/** One placeholder of a compiled template. */
interface TemplatePlaceholder {
  readonly path: readonly string[];
  readonly raw: boolean;
}

/** A template split into literal text and placeholders, alternating, starting with text. */
export interface CompiledTemplate {
  readonly source: string;
  readonly texts: readonly string[];
  readonly placeholders: readonly TemplatePlaceholder[];
}

const PLACEHOLDER =
  /\{\{\{\s*([A-Za-z0-9_$@.-]+)\s*\}\}\}|\{\{(&?)\s*([A-Za-z0-9_$@.-]+)\s*\}\}/g;

export function compileTemplate(source: string): CompiledTemplate {
  const texts: string[] = [];
  const placeholders: TemplatePlaceholder[] = [];
  let last = 0;
  for (const match of source.matchAll(PLACEHOLDER)) {
    const index = match.index ?? 0;
    texts.push(source.slice(last, index));
    const tripleBraced = match[1];
    const path = (tripleBraced ?? match[3] ?? '')
      .split('.')
      .filter((segment) => segment !== '');
    placeholders.push({
      path,
      raw: tripleBraced !== undefined || match[2] === '&',
    });
    last = index + match[0].length;
  }
  texts.push(source.slice(last));
  return { source, texts, placeholders };
}

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(value: string): string {
  return /[&<>"']/.test(value)
    ? value.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char] ?? char)
    : value;
}

function lookup(model: unknown, path: readonly string[]): string {
  let value: unknown = model;
  for (const segment of path) {
    if (
      value === null ||
      typeof value !== 'object' ||
      !Object.prototype.hasOwnProperty.call(value, segment)
    ) {
      return '';
    }
    value = (value as Record<string, unknown>)[segment];
  }
  switch (typeof value) {
    case 'string':
      return value;
    case 'number':
    case 'boolean':
    case 'bigint':
      return String(value);
    default:
      return '';
  }
}

/**
 * Renders a compiled template with `model`. With `html` true, values are HTML-escaped
 * (except `{{{raw}}}` placeholders); the template's own text is never changed.
 */
export function renderTemplate(
  template: CompiledTemplate,
  model: unknown,
  html: boolean,
): string {
  const { texts, placeholders } = template;
  if (placeholders.length === 0) {
    return template.source;
  }
  let out = texts[0] ?? '';
  for (let i = 0; i < placeholders.length; i++) {
    const placeholder = placeholders[i] as TemplatePlaceholder;
    const value = lookup(model, placeholder.path);
    out +=
      (html && !placeholder.raw ? escapeHtml(value) : value) +
      (texts[i + 1] ?? '');
  }
  return out;
}
