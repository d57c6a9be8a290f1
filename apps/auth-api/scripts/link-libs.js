// After `nx build auth-api`: makes the built libs resolvable from dist/apps/auth-api, so the app runs with
// plain `node dist/apps/auth-api/src/main.js` (no Nx, no TypeScript path mapping at run time).
const { mkdirSync, rmSync, symlinkSync, existsSync } = require('node:fs');
const { join, relative, resolve } = require('node:path');

const root = resolve(__dirname, '../../..');
const scope = join(root, 'dist/apps/auth-api/node_modules/@app');
mkdirSync(scope, { recursive: true });
for (const lib of ['postmark-mailer', 'postmark-sandbox']) {
  const target = join(root, 'dist/libs', lib);
  if (!existsSync(join(target, 'package.json'))) {
    process.stderr.write(
      `link-libs: ${target} is missing; build it first (nx build ${lib})\n`,
    );
    process.exit(1);
  }
  const link = join(scope, lib);
  rmSync(link, { recursive: true, force: true });
  symlinkSync(relative(scope, target), link, 'dir');
  process.stdout.write(
    `link-libs: ${relative(root, link)} -> ${relative(root, target)}\n`,
  );
}
