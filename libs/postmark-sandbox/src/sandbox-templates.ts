import { compileTemplate, type CompiledTemplate } from './template.renderer';

/** A template the sandbox serves, in the shape of Postmark's Templates API. */
export interface SandboxTemplateDefinition {
  /** Numeric id, unique within the sandbox (`GET /templates/{id}`, `TemplateId` in sends). */
  templateId: number;
  /** Alias, unique within the sandbox (`GET /templates/{alias}`, `TemplateAlias` in sends). */
  alias: string;
  name: string;
  /** Subject template; `{{field}}` placeholders are rendered without escaping. */
  subject: string;
  /** HTML body template; `{{field}}` values are HTML-escaped, `{{{field}}}` are not. */
  htmlBody: string;
  /** Text body template; rendered without escaping. */
  textBody: string;
  /** An inactive template is still readable with `GET /templates/...`, but sends with it answer 422/1101. Default `true`. */
  active?: boolean;
}

/** The template as `GET /templates/{idOrAlias}` returns it (Postmark's field names). */
export interface SandboxTemplateResponse {
  TemplateId: number;
  Alias: string;
  Name: string;
  Subject: string;
  HtmlBody: string;
  TextBody: string;
  Active: boolean;
  TemplateType: 'Standard';
  LayoutTemplate: null;
  AssociatedServerId: number;
}

/** A template ready to render: the definition plus compiled parts. */
export interface SandboxTemplate {
  readonly definition: Readonly<SandboxTemplateDefinition>;
  readonly active: boolean;
  readonly subject: CompiledTemplate;
  readonly htmlBody: CompiledTemplate;
  readonly textBody: CompiledTemplate;
}

function verificationTemplate(
  templateId: number,
  alias: string,
  name: string,
  purpose: string,
): SandboxTemplateDefinition {
  return {
    templateId,
    alias,
    name,
    subject: `Your verification code is {{code}}`,
    htmlBody:
      `<!DOCTYPE html><html><body>` +
      `<p>${purpose}</p>` +
      `<p style="font-size:24px;font-weight:bold;letter-spacing:4px">{{code}}</p>` +
      `<p>If you did not ask for this code, you can ignore this email.</p>` +
      `</body></html>`,
    textBody: `${purpose}\n\n{{code}}\n\nIf you did not ask for this code, you can ignore this email.\n`,
    active: true,
  };
}

/** The four templates the Logto Postmark connector needs, as the sandbox serves them by default. */
export const DEFAULT_SANDBOX_TEMPLATES: readonly Readonly<SandboxTemplateDefinition>[] =
  Object.freeze([
    verificationTemplate(
      1000001,
      'logto-register',
      'Logto register',
      'Use this code to finish creating your account:',
    ),
    verificationTemplate(
      1000002,
      'logto-sign-in',
      'Logto sign-in',
      'Use this code to sign in:',
    ),
    verificationTemplate(
      1000003,
      'logto-forgot-password',
      'Logto forgot password',
      'Use this code to reset your password:',
    ),
    verificationTemplate(
      1000004,
      'logto-generic',
      'Logto generic',
      'Your verification code:',
    ),
  ]);

/** Looks templates up by id or alias; aliases match exactly, as Postmark's do. */
export class SandboxTemplateCatalog {
  private readonly byId = new Map<number, SandboxTemplate>();
  private readonly byAlias = new Map<string, SandboxTemplate>();

  constructor(
    definitions: readonly Readonly<SandboxTemplateDefinition>[],
    private readonly serverId: number,
  ) {
    for (const definition of definitions) {
      if (
        !Number.isSafeInteger(definition.templateId) ||
        definition.templateId <= 0
      ) {
        throw new Error(
          `postmark-sandbox: template '${definition.alias}' needs a positive integer templateId`,
        );
      }
      if (
        typeof definition.alias !== 'string' ||
        !/^[A-Za-z][A-Za-z0-9._-]*$/.test(definition.alias)
      ) {
        throw new Error(
          `postmark-sandbox: template alias '${String(definition.alias)}' must start with a letter and hold only letters, digits, '.', '_' or '-'`,
        );
      }
      if (this.byId.has(definition.templateId)) {
        throw new Error(
          `postmark-sandbox: duplicate templateId ${definition.templateId}`,
        );
      }
      if (this.byAlias.has(definition.alias)) {
        throw new Error(
          `postmark-sandbox: duplicate template alias '${definition.alias}'`,
        );
      }
      const template: SandboxTemplate = {
        definition: Object.freeze({ ...definition }),
        active: definition.active !== false,
        subject: compileTemplate(definition.subject ?? ''),
        htmlBody: compileTemplate(definition.htmlBody ?? ''),
        textBody: compileTemplate(definition.textBody ?? ''),
      };
      this.byId.set(definition.templateId, template);
      this.byAlias.set(definition.alias, template);
    }
  }

  byTemplateId(templateId: number): SandboxTemplate | undefined {
    return this.byId.get(templateId);
  }

  byTemplateAlias(alias: string): SandboxTemplate | undefined {
    return this.byAlias.get(alias);
  }

  /** `GET /templates/{idOrAlias}`: all digits is an id (aliases start with a letter). */
  byIdOrAlias(idOrAlias: string): SandboxTemplate | undefined {
    return /^\d+$/.test(idOrAlias)
      ? this.byId.get(Number(idOrAlias))
      : this.byAlias.get(idOrAlias);
  }

  toResponse(template: SandboxTemplate): SandboxTemplateResponse {
    const { definition } = template;
    return {
      TemplateId: definition.templateId,
      Alias: definition.alias,
      Name: definition.name,
      Subject: definition.subject,
      HtmlBody: definition.htmlBody,
      TextBody: definition.textBody,
      Active: template.active,
      TemplateType: 'Standard',
      LayoutTemplate: null,
      AssociatedServerId: this.serverId,
    };
  }
}
