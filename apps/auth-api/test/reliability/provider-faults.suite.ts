import { VerificationMailer } from '@app/postmark-mailer';
import type { Harness } from '../auth-api.harness';
import { call, ledger } from './reliability.ledger';
import {
  collectCodes,
  pool,
  startReliabilityHarness,
} from './reliability.harness';

const REQUESTS = Number(process.env['RELIABILITY_REQUESTS'] ?? 2_000);
const TIMEOUT_MS = 300;
const ATTEMPTS = 3;
const DELAY_MS = 700;
/** Timeout and backoff of every attempt, plus room for a busy 2-core machine. */
const LONGEST_ANSWER_MS = ATTEMPTS * TIMEOUT_MS + 2 * 20 + 2_500;
const DEFINED = new Set([202, 429, 502, 503]);

export function providerFaultsSuite(): void {
  describe('1. provider faults under load', () => {
    let h: Harness;
    /** The code each request put in its email, as the app handed it to the mailer. */
    const issued = new Map<string, string>();

    beforeAll(async () => {
      h = await startReliabilityHarness({
        env: {
          POSTMARK_RETRY_ATTEMPTS: String(ATTEMPTS),
          POSTMARK_RETRY_BASE_DELAY_MS: '5',
          POSTMARK_RETRY_MAX_DELAY_MS: '20',
        },
        postmark: { timeoutMs: TIMEOUT_MS },
      });
      const mailer = h.app.get(VerificationMailer);
      const send = mailer.sendVerificationCode.bind(mailer);
      jest
        .spyOn(mailer, 'sendVerificationCode')
        .mockImplementation(async (request) => {
          issued.set(request.to.toLowerCase(), request.code);
          ledger.codes.add(request.code);
          return send(request);
        });
    });
    afterAll(async () => {
      collectCodes(h);
      await h?.close();
    });

    it(`${REQUESTS} code requests with faults on about a fifth of the Postmark calls: defined answers, nothing lost`, async () => {
      // About 20% of calls in all: 1 - (1 - 0.045)^5 ≈ 0.21.
      for (const fault of [
        { status: 429 as const },
        { status: 500 as const },
        { status: 503 as const },
        { delayMs: DELAY_MS },
        { reset: true as const },
      ])
        h.sandbox.addFault({ ...fault, probability: 0.045 });
      h.sandbox.resetStats();

      const emails = Array.from(
        { length: REQUESTS },
        (_, i) => `load-${i}@example.org`,
      );
      const answers = await pool(emails, 24, (email) =>
        call(h.url, 'POST', '/v1/verification-codes', {
          email,
          usageType: 'SignIn',
        }),
      );
      h.sandbox.clearFaults();
      // Delayed calls still land in the mailbox after their client gave up.
      await new Promise((r) => setTimeout(r, DELAY_MS + 300));

      const statuses: Record<number, number> = {};
      for (const a of answers)
        statuses[a.status] = (statuses[a.status] ?? 0) + 1;
      const slowest = Math.max(...answers.map((a) => a.ms));
      const undefinedAnswers = answers.filter((a) => !DEFINED.has(a.status));
      expect(undefinedAnswers.map((a) => `${a.status} ${a.text}`)).toEqual([]);
      expect(slowest).toBeLessThan(LONGEST_ANSWER_MS);
      for (const a of answers.filter((x) => x.status === 503)) {
        expect(a.json['error']).toBe('email_provider_unavailable');
        expect(Number(a.headers.get('retry-after'))).toBeGreaterThan(0);
      }

      const accepted = emails.filter((_, i) => answers[i].status === 202);
      const failed = emails.filter((_, i) => answers[i].status !== 202);
      const calls = h.sandbox.stats().byPath['/email/withTemplate'] ?? 0;
      // A call that did not become the request's one accepted send was a fault (status, reset or delay).
      const faults = calls - accepted.length;
      ledger.faults += faults;
      expect(faults).toBeGreaterThan(REQUESTS * 0.1);

      let duplicates = 0;
      let lost = 0;
      const problems: string[] = [];
      await pool(accepted, 24, async (email) => {
        const codes = h.sandbox
          .messages({ to: email })
          .map((m) => m.TemplateModel?.['code'] as string);
        if (codes.length === 0) {
          lost += 1;
          problems.push(`${email}: 202 without a message`);
          return;
        }
        duplicates += codes.length - 1;
        if (new Set(codes).size !== 1) {
          lost += 1;
          problems.push(`${email}: messages carry different codes`);
          return;
        }
        const verify = await call(
          h.url,
          'POST',
          '/v1/verification-codes/verify',
          {
            email,
            usageType: 'SignIn',
            code: codes[0],
          },
        );
        if (verify.status !== 200) {
          lost += 1;
          problems.push(
            `${email}: the delivered code answers ${verify.status} ${verify.text}`,
          );
        }
      });
      let usable = 0;
      let orphans = 0;
      await pool(failed, 24, async (email) => {
        // The code the failed send carried, and any that reached the mailbox all the same.
        const codes = new Set(
          h.sandbox
            .messages({ to: email })
            .map((m) => m.TemplateModel?.['code'] as string),
        );
        orphans += codes.size;
        const code = issued.get(email);
        if (code) codes.add(code);
        else problems.push(`${email}: no code was handed to the mailer`);
        for (const candidate of codes) {
          const verify = await call(
            h.url,
            'POST',
            '/v1/verification-codes/verify',
            { email, usageType: 'SignIn', code: candidate },
          );
          if (verify.json['error'] !== 'code_expired') {
            usable += 1;
            problems.push(
              `${email}: failed request left a usable code (${verify.status} ${verify.text})`,
            );
          }
        }
        // Discarded with its cooldown: the user may ask again at once.
        const again = await call(h.url, 'POST', '/v1/verification-codes', {
          email,
          usageType: 'SignIn',
        });
        if (again.status !== 202)
          problems.push(
            `${email}: a new code after a failed send answers ${again.status}`,
          );
      });
      ledger.duplicates += duplicates;
      ledger.lost += lost;
      ledger.leaked += usable;
      ledger.notes.push(
        `provider faults: requests=${REQUESTS} statuses=${JSON.stringify(statuses)} postmark_calls=${calls} faults=${faults} duplicates=${duplicates} failed_with_late_delivery=${orphans} slowest=${Math.round(slowest)}ms`,
      );
      expect(problems).toEqual([]);
      expect(accepted.length).toBeGreaterThan(REQUESTS * 0.9);
    });
  });
}
