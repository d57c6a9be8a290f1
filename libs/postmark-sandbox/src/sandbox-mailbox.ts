/** A message the sandbox accepted, as `messages()` and `GET /sandbox/messages` return it. */
export interface SandboxMessage {
  readonly MessageID: string;
  /** `From` as sent, e.g. `Acme <no-reply@example.com>`. */
  readonly From: string;
  /** `To` as sent (comma-separated when several). */
  readonly To: string;
  readonly Cc?: string;
  readonly Bcc?: string;
  readonly ReplyTo?: string;
  /** Bare addresses of every recipient (To, Cc, Bcc) that the message was delivered to, lower-cased. */
  readonly Recipients: readonly string[];
  /** Set for template sends: the template used. */
  readonly TemplateId?: number;
  readonly TemplateAlias?: string;
  /** Set for template sends: the model as sent. */
  readonly TemplateModel?: Readonly<Record<string, unknown>>;
  readonly Tag?: string;
  readonly Metadata?: Readonly<Record<string, unknown>>;
  readonly MessageStream: string;
  /** Rendered subject. */
  readonly Subject: string;
  /** Rendered HTML body (template values HTML-escaped); empty when the send had none. */
  readonly HtmlBody: string;
  /** Rendered text body; empty when the send had none. */
  readonly TextBody: string;
  /** When the sandbox accepted it, same format as `SubmittedAt`. */
  readonly ReceivedAt: string;
}

/** Filter for `messages()`: `to` matches any recipient address, case-insensitively. */
export interface SandboxMessageFilter {
  to?: string;
}

/**
 * A bounded store of accepted messages: a ring buffer that keeps the newest `limit` messages,
 * so adding is O(1) however many sends a benchmark makes.
 */
export class SandboxMailbox {
  private slots: SandboxMessage[] = [];
  /** Index the next message goes to once the buffer is full. */
  private next = 0;

  constructor(readonly limit: number) {
    if (!Number.isSafeInteger(limit) || limit < 1) {
      throw new Error(
        'postmark-sandbox: mailbox limit must be a positive integer',
      );
    }
  }

  get size(): number {
    return this.slots.length;
  }

  add(message: SandboxMessage): void {
    if (this.slots.length < this.limit) {
      this.slots.push(message);
      return;
    }
    this.slots[this.next] = message;
    this.next = (this.next + 1) % this.limit;
  }

  /** Newest first. */
  list(filter: SandboxMessageFilter = {}): SandboxMessage[] {
    const to = filter.to?.trim().toLowerCase();
    const result: SandboxMessage[] = [];
    const count = this.slots.length;
    // Once full, the newest message sits just before `next`; before that, at the end.
    const newest =
      count < this.limit ? count - 1 : (this.next - 1 + count) % count;
    for (let i = 0; i < count; i++) {
      const message = this.slots[
        (newest - i + count) % count
      ] as SandboxMessage;
      if (!to || message.Recipients.includes(to)) {
        result.push(message);
      }
    }
    return result;
  }

  clear(): void {
    this.slots = [];
    this.next = 0;
  }
}
