/**
 * Postmark's error answers: the HTTP status plus `{ "ErrorCode", "Message" }`.
 * Message texts follow what Postmark answers where it could be checked (see README,
 * "Fidelity"); the sandbox adds the field name where Postmark's text is generic.
 */

/** Postmark API error codes the sandbox answers with. */
export const PostmarkErrorCode = {
  /** HTTP 401: bad or missing server token. */
  InvalidToken: 10,
  /** HTTP 503: maintenance. */
  Maintenance: 100,
  /** HTTP 422: invalid email request (malformed or missing recipients, no body, ...). */
  InvalidEmailRequest: 300,
  /** HTTP 422: the `From` address is not on a verified domain or sender signature. */
  SenderSignatureNotFound: 400,
  /** HTTP 422: the body is not valid JSON. */
  InvalidJson: 402,
  /** HTTP 422: valid JSON with fields of the wrong type, or a required field missing. */
  IncompatibleJson: 403,
  /** HTTP 422: an inactive (suppressed) recipient. */
  InactiveRecipient: 406,
  /** Sent with HTTP 415: `Accept` / `Content-Type` are not JSON. */
  JsonRequired: 409,
  /** HTTP 429. */
  RateLimitExceeded: 429,
  /** HTTP 422: no template for this `TemplateId` / `TemplateAlias`, or it is inactive. */
  TemplateNotFound: 1101,
  /** HTTP 422: the `MessageStream` does not exist on this server. */
  MessageStreamNotFound: 1235,
} as const;

/** An answer other than 200: status and JSON body. */
export interface PostmarkErrorAnswer {
  readonly status: number;
  readonly body: { readonly ErrorCode: number; readonly Message: string };
}

export function postmarkError(
  status: number,
  errorCode: number,
  message: string,
): PostmarkErrorAnswer {
  return { status, body: { ErrorCode: errorCode, Message: message } };
}

/** 422 with the given code. */
export function unprocessable(
  errorCode: number,
  message: string,
): PostmarkErrorAnswer {
  return postmarkError(422, errorCode, message);
}

export const MISSING_TOKEN = postmarkError(
  401,
  PostmarkErrorCode.InvalidToken,
  'No Account or Server API tokens were supplied in the HTTP headers. Please add a header for either X-Postmark-Server-Token or X-Postmark-Account-Token.',
);

export const INVALID_TOKEN = postmarkError(
  401,
  PostmarkErrorCode.InvalidToken,
  'The Server Token you provided in the X-Postmark-Server-Token request header was invalid. Please verify that you are using a valid token.',
);

export const JSON_REQUIRED = postmarkError(
  415,
  PostmarkErrorCode.JsonRequired,
  'Content-Type and Accept headers must be set to application/json, text/json, or text/x-json.',
);

export const INVALID_JSON = unprocessable(
  PostmarkErrorCode.InvalidJson,
  'Received invalid JSON input.',
);

/** 403 for valid JSON that does not fit; `detail` names the field. */
export function incompatibleJson(detail: string): PostmarkErrorAnswer {
  return unprocessable(
    PostmarkErrorCode.IncompatibleJson,
    `Received valid, but incompatible JSON input. ${detail}`,
  );
}

/** 403 for a required field that is missing or empty. */
export function missingField(field: string): PostmarkErrorAnswer {
  return unprocessable(
    PostmarkErrorCode.IncompatibleJson,
    `The '${field}' field is required.`,
  );
}

/** 403 for a template send that names no template. */
export function missingTemplate(): PostmarkErrorAnswer {
  return unprocessable(
    PostmarkErrorCode.IncompatibleJson,
    `The 'TemplateId' or 'TemplateAlias' field is required: one of them names the template.`,
  );
}

export function invalidEmailRequest(message: string): PostmarkErrorAnswer {
  return unprocessable(PostmarkErrorCode.InvalidEmailRequest, message);
}

export function senderNotFound(from: string): PostmarkErrorAnswer {
  return unprocessable(
    PostmarkErrorCode.SenderSignatureNotFound,
    `The 'From' address you supplied (${from}) is not a Sender Signature on your account. Please add and confirm this address in order to be able to use it in the 'From' field of your messages.`,
  );
}

/**
 * 406. The wording matters: the official clients (postmark.js `InactiveRecipientsError`,
 * the Ruby gem) read the addresses back out of these two messages.
 */
export function inactiveRecipients(
  addresses: readonly string[],
  someDelivered: boolean,
): PostmarkErrorAnswer {
  const list = addresses.join(', ');
  return unprocessable(
    PostmarkErrorCode.InactiveRecipient,
    someDelivered
      ? `Message OK, but will not deliver to these inactive addresses: ${list}.`
      : `You tried to send to recipient(s) that have been marked as inactive. Found inactive addresses: ${list}. Inactive recipients are ones that have generated a hard bounce, a spam complaint, or a manual suppression.`,
  );
}

export function templateNotFound(
  by: 'TemplateId' | 'Alias',
): PostmarkErrorAnswer {
  return unprocessable(
    PostmarkErrorCode.TemplateNotFound,
    by === 'Alias'
      ? `The Template's 'Alias' associated with this request is not valid or was not found.`
      : `The 'TemplateId' associated with this request is not valid or was not found.`,
  );
}

export function messageStreamNotFound(stream: string): PostmarkErrorAnswer {
  return unprocessable(
    PostmarkErrorCode.MessageStreamNotFound,
    `The stream provided: '${stream}' does not exist on this server.`,
  );
}

/** Bodies for status faults. */
export const FAULT_ANSWERS: Readonly<
  Record<429 | 500 | 503, PostmarkErrorAnswer>
> = {
  429: postmarkError(
    429,
    PostmarkErrorCode.RateLimitExceeded,
    'Rate limit exceeded: too many requests. Please slow down and try again later.',
  ),
  500: postmarkError(
    500,
    500,
    'Internal server error (injected by postmark-sandbox).',
  ),
  503: postmarkError(
    503,
    PostmarkErrorCode.Maintenance,
    'Maintenance: the Postmark API is temporarily unavailable. Please try again later.',
  ),
};
