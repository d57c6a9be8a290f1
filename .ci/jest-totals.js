// Sums the "Tests:" summary lines of every Jest run in a log and prints one plain line:
// "N passed, N failed" (", N skipped" when any were skipped).
const { readFileSync } = require('node:fs');

const log = readFileSync(process.argv[2], 'utf8');
const totals = { passed: 0, failed: 0, skipped: 0, runs: 0 };
for (const line of log.split('\n')) {
  const summary = /Tests:\s+(.*\d+ total)/.exec(line);
  if (!summary) continue;
  totals.runs += 1;
  for (const [, n, kind] of summary[1].matchAll(/(\d+) (passed|failed|skipped|todo)/g)) {
    if (kind === 'todo') totals.skipped += Number(n);
    else totals[kind] += Number(n);
  }
}
if (totals.runs === 0) {
  console.log('0 passed, 0 failed');
  process.exitCode = 1;
  console.error('No Jest summary found in the test log: no test ran.');
} else {
  const skipped = totals.skipped ? `, ${totals.skipped} skipped` : '';
  console.log(`${totals.passed} passed, ${totals.failed} failed${skipped}`);
}
