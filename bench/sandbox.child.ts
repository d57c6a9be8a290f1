// The Postmark stand-in of a bench run, in its own process so that it does not share an event
// loop (or a CPU measurement) with the client under test.
import { startPostmarkSandbox } from '@app/postmark-sandbox';

async function main(): Promise<void> {
  const mailboxLimit = Number(process.argv[2] ?? 1_000);
  const sandbox = await startPostmarkSandbox({ port: 0, mailboxLimit });
  process.send?.({ url: sandbox.url, port: sandbox.port });
  const shutdown = () => void sandbox.close().then(() => process.exit(0));
  process.once('SIGTERM', shutdown);
  process.once('disconnect', shutdown);
}

void main();
