import { randomUUID } from 'node:crypto';
import {
  isAddressProblem,
  parseAddress,
  parseAddressList,
  type ParsedAddress,
} from './email-address.parser';
import {
  inactiveRecipients,
  incompatibleJson,
  invalidEmailRequest,
  messageStreamNotFound,
  missingField,
  missingTemplate,
  senderNotFound,
  templateNotFound,
  type PostmarkErrorAnswer,
} from './postmark.errors';
import { DEFAULT_MESSAGE_STREAM } from './postmark-sandbox.options';
import { formatPostmarkTimestamp } from './postmark.timestamp';
import type { SandboxMessage } from './sandbox-mailbox';
import type {
  SandboxTemplate,
  SandboxTemplateCatalog,
} from './sandbox-templates';
import { renderTemplate } from './template.renderer';

/** Postmark's limit of recipients per address field. */
export const MAX_RECIPIENTS = 50;

/** What a send needs to know about the sandbox. */
export interface SendContext {
  readonly templates: SandboxTemplateCatalog;
  readonly senderDomains: ReadonlySet<string>;
  readonly inactiveRecipients: ReadonlySet<string>;
  readonly messageStreams: ReadonlySet<string>;
}

/** The success body of `POST /email` and `POST /email/withTemplate`. */
export interface PostmarkSendResponse {
  To: string;
  SubmittedAt: string;
  MessageID: string;
  ErrorCode: 0;
  Message: 'OK';
}

/**
 * The outcome of a send: an error answer, a stored message with a 200 answer, or (some
 * recipients inactive) a stored message with a 422/406 answer, as Postmark does.
 */
export type SendOutcome =
  | { readonly kind: 'rejected'; readonly answer: PostmarkErrorAnswer }
  | {
      readonly kind: 'accepted';
      readonly message: SandboxMessage;
      readonly response: PostmarkSendResponse;
    }
  | {
      readonly kind: 'partial';
      readonly message: SandboxMessage;
      readonly answer: PostmarkErrorAnswer;
    };

type FieldType = 'string' | 'object' | 'array' | 'boolean' | 'templateId';

const ENVELOPE_FIELDS: Readonly<Record<string, FieldType>> = {
  From: 'string',
  To: 'string',
  Cc: 'string',
  Bcc: 'string',
  ReplyTo: 'string',
  Tag: 'string',
  Headers: 'array',
  TrackOpens: 'boolean',
  TrackLinks: 'string',
  Metadata: 'object',
  Attachments: 'array',
  MessageStream: 'string',
};

const PLAIN_FIELDS: Readonly<Record<string, FieldType>> = {
  ...ENVELOPE_FIELDS,
  Subject: 'string',
  HtmlBody: 'string',
  TextBody: 'string',
};

const TEMPLATE_FIELDS: Readonly<Record<string, FieldType>> = {
  ...ENVELOPE_FIELDS,
  TemplateId: 'templateId',
  TemplateAlias: 'string',
  TemplateModel: 'object',
  InlineCss: 'boolean',
};

const lowerCaseIndex = (
  fields: Readonly<Record<string, FieldType>>,
): ReadonlyMap<string, string> =>
  new Map(Object.keys(fields).map((name) => [name.toLowerCase(), name]));

const PLAIN_INDEX = lowerCaseIndex(PLAIN_FIELDS);
const TEMPLATE_INDEX = lowerCaseIndex(TEMPLATE_FIELDS);

type Fields = Record<string, unknown>;

/**
 * Postmark reads field names case-insensitively; map known names to their canonical spelling.
 * `null` means absent, as it does for Postmark. Unknown fields are ignored.
 */
function canonicalFields(
  body: Fields,
  index: ReadonlyMap<string, string>,
): Fields {
  const fields: Fields = {};
  for (const key of Object.keys(body)) {
    const value = body[key];
    if (value === null || value === undefined) {
      continue;
    }
    const name = index.get(key.toLowerCase());
    if (name !== undefined) {
      fields[name] = value;
    }
  }
  return fields;
}

function typeProblem(
  fields: Fields,
  types: Readonly<Record<string, FieldType>>,
): PostmarkErrorAnswer | undefined {
  for (const name of Object.keys(fields)) {
    const value = fields[name];
    const type = types[name];
    switch (type) {
      case 'string':
        if (typeof value !== 'string')
          return incompatibleJson(`'${name}' must be a string.`);
        break;
      case 'boolean':
        if (typeof value !== 'boolean')
          return incompatibleJson(`'${name}' must be true or false.`);
        break;
      case 'array':
        if (!Array.isArray(value))
          return incompatibleJson(`'${name}' must be an array.`);
        break;
      case 'object':
        if (typeof value !== 'object' || Array.isArray(value))
          return incompatibleJson(`'${name}' must be an object.`);
        break;
      case 'templateId':
        if (
          !(typeof value === 'number' && Number.isSafeInteger(value)) &&
          !(typeof value === 'string' && /^\d{1,15}$/.test(value))
        ) {
          return incompatibleJson(`'TemplateId' must be an integer.`);
        }
        break;
      default:
        break;
    }
  }
  return undefined;
}

const isBlank = (value: unknown): boolean =>
  value === undefined || (typeof value === 'string' && value.trim() === '');

function recipientList(
  field: string,
  value: unknown,
): ParsedAddress[] | PostmarkErrorAnswer {
  if (isBlank(value)) {
    return [];
  }
  const parsed = parseAddressList(value as string);
  if (isAddressProblem(parsed)) {
    return invalidEmailRequest(`Error parsing '${field}': ${parsed.problem}`);
  }
  if (parsed.length > MAX_RECIPIENTS) {
    return invalidEmailRequest(
      `Invalid '${field}' field: ${parsed.length} recipients given, a message may have at most ${MAX_RECIPIENTS}.`,
    );
  }
  return parsed;
}

interface Envelope {
  readonly from: string;
  readonly to: string;
  readonly stream: string;
  readonly recipients: string[];
  readonly inactive: string[];
}

/** Checks From, To, Cc, Bcc, MessageStream, the sender domain and inactive recipients. */
function checkEnvelope(
  fields: Fields,
  context: SendContext,
  checkBody?: () => PostmarkErrorAnswer | undefined,
): Envelope | PostmarkErrorAnswer {
  if (isBlank(fields['From'])) {
    return missingField('From');
  }
  const fromText = (fields['From'] as string).trim();
  const from = parseAddress(fromText);
  if (isAddressProblem(from)) {
    return invalidEmailRequest(`Error parsing 'From': ${from.problem}`);
  }
  const to = recipientList('To', fields['To']);
  if (!Array.isArray(to)) return to;
  if (to.length === 0) {
    return invalidEmailRequest('Zero recipients specified');
  }
  const cc = recipientList('Cc', fields['Cc']);
  if (!Array.isArray(cc)) return cc;
  const bcc = recipientList('Bcc', fields['Bcc']);
  if (!Array.isArray(bcc)) return bcc;

  const bodyProblem = checkBody?.();
  if (bodyProblem) return bodyProblem;

  const stream =
    (fields['MessageStream'] as string | undefined) ?? DEFAULT_MESSAGE_STREAM;
  if (!context.messageStreams.has(stream)) {
    return messageStreamNotFound(stream);
  }
  if (!context.senderDomains.has(from.domain)) {
    return senderNotFound(fromText);
  }

  const recipients: string[] = [];
  const inactive: string[] = [];
  for (const list of [to, cc, bcc]) {
    for (const { address } of list) {
      const lower = address.toLowerCase();
      if (
        context.inactiveRecipients.size > 0 &&
        context.inactiveRecipients.has(lower)
      ) {
        inactive.push(address);
      } else {
        recipients.push(lower);
      }
    }
  }
  if (recipients.length === 0) {
    return inactiveRecipients(inactive, false);
  }
  return {
    from: fromText,
    to: fields['To'] as string,
    stream,
    recipients,
    inactive,
  };
}

type MutableMessage = {
  -readonly [K in keyof SandboxMessage]?: SandboxMessage[K];
};

interface MessageContent {
  readonly template?: SandboxTemplate;
  readonly model?: Readonly<Record<string, unknown>>;
  readonly subject: string;
  readonly htmlBody: string;
  readonly textBody: string;
}

function finish(
  envelope: Envelope,
  fields: Fields,
  content: MessageContent,
): SendOutcome {
  const submittedAt = formatPostmarkTimestamp();
  const messageId = randomUUID();
  const message: MutableMessage = {
    MessageID: messageId,
    From: envelope.from,
    To: envelope.to,
  };
  if (fields['Cc'] !== undefined) message.Cc = fields['Cc'] as string;
  if (fields['Bcc'] !== undefined) message.Bcc = fields['Bcc'] as string;
  if (fields['ReplyTo'] !== undefined)
    message.ReplyTo = fields['ReplyTo'] as string;
  message.Recipients = envelope.recipients;
  if (content.template) {
    message.TemplateId = content.template.definition.templateId;
    message.TemplateAlias = content.template.definition.alias;
    message.TemplateModel = content.model;
  }
  if (fields['Tag'] !== undefined) message.Tag = fields['Tag'] as string;
  if (fields['Metadata'] !== undefined)
    message.Metadata = fields['Metadata'] as Record<string, unknown>;
  message.MessageStream = envelope.stream;
  message.Subject = content.subject;
  message.HtmlBody = content.htmlBody;
  message.TextBody = content.textBody;
  message.ReceivedAt = submittedAt;
  const stored = message as SandboxMessage;
  if (envelope.inactive.length > 0) {
    return {
      kind: 'partial',
      message: stored,
      answer: inactiveRecipients(envelope.inactive, true),
    };
  }
  return {
    kind: 'accepted',
    message: stored,
    response: {
      To: envelope.to,
      SubmittedAt: submittedAt,
      MessageID: messageId,
      ErrorCode: 0,
      Message: 'OK',
    },
  };
}

const rejected = (answer: PostmarkErrorAnswer): SendOutcome => ({
  kind: 'rejected',
  answer,
});

const isEnvelope = (value: Envelope | PostmarkErrorAnswer): value is Envelope =>
  'recipients' in value;

/** `POST /email/withTemplate` with a parsed JSON object body. */
export function handleTemplateSend(
  body: Fields,
  context: SendContext,
): SendOutcome {
  const fields = canonicalFields(body, TEMPLATE_INDEX);
  const typeError = typeProblem(fields, TEMPLATE_FIELDS);
  if (typeError) return rejected(typeError);

  let template: SandboxTemplate | undefined;
  if (fields['TemplateId'] !== undefined) {
    template = context.templates.byTemplateId(Number(fields['TemplateId']));
    if (!template?.active) return rejected(templateNotFound('TemplateId'));
  } else if (!isBlank(fields['TemplateAlias'])) {
    template = context.templates.byTemplateAlias(
      (fields['TemplateAlias'] as string).trim(),
    );
    if (!template?.active) return rejected(templateNotFound('Alias'));
  } else {
    return rejected(missingTemplate());
  }
  if (fields['TemplateModel'] === undefined) {
    return rejected(missingField('TemplateModel'));
  }

  const envelope = checkEnvelope(fields, context);
  if (!isEnvelope(envelope)) return rejected(envelope);

  const model = fields['TemplateModel'] as Record<string, unknown>;
  return finish(envelope, fields, {
    template,
    model,
    subject: renderTemplate(template.subject, model, false),
    htmlBody: renderTemplate(template.htmlBody, model, true),
    textBody: renderTemplate(template.textBody, model, false),
  });
}

/** `POST /email` with a parsed JSON object body. */
export function handlePlainSend(
  body: Fields,
  context: SendContext,
): SendOutcome {
  const fields = canonicalFields(body, PLAIN_INDEX);
  const typeError = typeProblem(fields, PLAIN_FIELDS);
  if (typeError) return rejected(typeError);

  const envelope = checkEnvelope(fields, context, () =>
    isBlank(fields['HtmlBody']) && isBlank(fields['TextBody'])
      ? invalidEmailRequest(
          'Provide either email TextBody or HtmlBody or both.',
        )
      : undefined,
  );
  if (!isEnvelope(envelope)) return rejected(envelope);

  return finish(envelope, fields, {
    subject: (fields['Subject'] as string | undefined) ?? '',
    htmlBody: (fields['HtmlBody'] as string | undefined) ?? '',
    textBody: (fields['TextBody'] as string | undefined) ?? '',
  });
}
