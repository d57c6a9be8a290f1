// The reliability and security suite (issue 8): `npm run test:reliability`. One Jest file so that
// one ledger sees the whole run and the summary line covers everything.
import { abuseSuite } from './abuse.suite';
import { badInputSuite } from './bad-input.suite';
import { providerFaultsSuite } from './provider-faults.suite';
import { redisFaultsSuite } from './redis-faults.suite';
import { findSecrets, ledger, SECRETS } from './reliability.ledger';
import { shutdownSuite } from './shutdown.suite';

jest.setTimeout(120_000);

const rejections: unknown[] = [];
const onRejection = (reason: unknown): void => {
  rejections.push(reason);
};
const onException = (error: unknown): void => {
  rejections.push(error);
};
const write = {
  stdout: process.stdout.write.bind(process.stdout),
  stderr: process.stderr.write.bind(process.stderr),
};

beforeAll(() => {
  process.on('unhandledRejection', onRejection);
  process.on('uncaughtException', onException);
  // Anything a library prints directly goes into the scanned logs too.
  for (const stream of ['stdout', 'stderr'] as const) {
    process[stream].write = ((chunk: unknown, ...rest: unknown[]) => {
      ledger.logs.push(String(chunk));
      return (write[stream] as (...args: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof process.stdout.write;
  }
});

providerFaultsSuite();
badInputSuite();
abuseSuite();
redisFaultsSuite();
shutdownSuite();

describe('6. secrets and the run summary', () => {
  it('no unhandled rejection or uncaught exception in the whole run', () => {
    expect(rejections.map(String)).toEqual([]);
  });

  it('logs (app, libraries, child processes, stdout/stderr) hold no token, admin key or code', () => {
    expect(ledger.logs.length).toBeGreaterThan(0);
    const found = findSecrets(
      ledger.logs,
      [SECRETS.serverToken, SECRETS.adminKey],
      ledger.codes,
    );
    ledger.leaked += found.length;
    expect(found).toEqual([]);
  });

  it('no response holds the token; public ones no provider detail either', () => {
    const token = findSecrets(ledger.responses, [SECRETS.serverToken], []);
    const provider = ledger.publicResponses.filter((text) =>
      /logto-|no-reply@|ErrorCode|Rate limit exceeded|Maintenance|Sender Signature|Illegal email|postmark|sandbox/i.test(
        text,
      ),
    );
    ledger.leaked += token.length + provider.length;
    expect(token).toEqual([]);
    expect(provider).toEqual([]);
  });
});

afterAll(() => {
  process.off('unhandledRejection', onRejection);
  process.off('uncaughtException', onException);
  process.stdout.write = write.stdout;
  process.stderr.write = write.stderr;
  ledger.unexpected5xx += rejections.length;
  for (const note of ledger.notes) write.stdout(`  ${note}\n`);
  write.stdout(
    `reliability: requests=${ledger.requests} faults=${ledger.faults} defined=${ledger.defined} duplicates=${ledger.duplicates} lost=${ledger.lost} leaked=${ledger.leaked} 5xx_unexpected=${ledger.unexpected5xx}\n`,
  );
  // Fail the run when anything was lost, leaked or unexpected, whichever test saw it.
  if (ledger.lost || ledger.leaked || ledger.unexpected5xx)
    throw new Error(
      `reliability: lost=${ledger.lost} leaked=${ledger.leaked} 5xx_unexpected=${ledger.unexpected5xx}`,
    );
});
