import { SandboxMailbox, type SandboxMessage } from './sandbox-mailbox';

const message = (id: number, to = `user${id}@example.org`): SandboxMessage => ({
  MessageID: `m${id}`,
  From: 'no-reply@example.com',
  To: to,
  Recipients: to.split(',').map((a) => a.trim().toLowerCase()),
  MessageStream: 'outbound',
  Subject: `s${id}`,
  HtmlBody: '',
  TextBody: '',
  ReceivedAt: '2026-01-01T00:00:00.0000000+00:00',
});

const ids = (list: SandboxMessage[]): string[] => list.map((m) => m.MessageID);

describe('SandboxMailbox', () => {
  it('lists newest first', () => {
    const mailbox = new SandboxMailbox(10);
    [1, 2, 3].forEach((i) => mailbox.add(message(i)));
    expect(ids(mailbox.list())).toEqual(['m3', 'm2', 'm1']);
  });

  it('keeps only the newest `limit` messages, newest first, across many wrap-arounds', () => {
    const mailbox = new SandboxMailbox(3);
    for (let i = 1; i <= 11; i++) mailbox.add(message(i));
    expect(mailbox.size).toBe(3);
    expect(ids(mailbox.list())).toEqual(['m11', 'm10', 'm9']);
  });

  it('filters on any recipient, case-insensitively', () => {
    const mailbox = new SandboxMailbox(10);
    mailbox.add(message(1, 'a@example.org'));
    mailbox.add(message(2, 'b@example.org, a@example.org'));
    mailbox.add(message(3, 'c@example.org'));
    expect(ids(mailbox.list({ to: ' A@EXAMPLE.org ' }))).toEqual(['m2', 'm1']);
    expect(mailbox.list({ to: 'nobody@example.org' })).toEqual([]);
  });

  it('clears, then fills again from empty', () => {
    const mailbox = new SandboxMailbox(2);
    [1, 2, 3].forEach((i) => mailbox.add(message(i)));
    mailbox.clear();
    expect(mailbox.list()).toEqual([]);
    mailbox.add(message(4));
    expect(ids(mailbox.list())).toEqual(['m4']);
  });

  it('refuses a limit below 1', () => {
    expect(() => new SandboxMailbox(0)).toThrow('mailbox limit');
  });
});
