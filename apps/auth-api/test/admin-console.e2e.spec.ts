import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_SANDBOX_TOKEN } from '@app/postmark-sandbox';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startHarness, type Harness } from './auth-api.harness';

const KEY = 'admin-key-0123456789-abcdef';
const OUTPUT = join(__dirname, '..', 'test-output');
const SAVED_FROM = 'Acme <no-reply@example.com>';
const SEED_JSONC = `[
  { "usageType": "Register", "templateAlias": "logto-register", },
  { "usageType": "SignIn", "templateAlias": "logto-sign-in", },
  { "usageType": "ForgotPassword", "templateAlias": "logto-forgot-password", },
  { "usageType": "Generic", "templateAlias": "logto-generic", },
]`;
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Debian's chromium (apt-get install chromium), or CHROMIUM_PATH. */
function findChromium(): string | undefined {
  const candidates = [
    process.env['CHROMIUM_PATH'],
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
  ];
  for (const path of candidates) if (path && existsSync(path)) return path;
  try {
    const found = execFileSync('sh', ['-c', 'command -v chromium'], {
      encoding: 'utf8',
    }).trim();
    return found || undefined;
  } catch {
    return undefined;
  }
}

describe('admin console page: static files and CSP (e2e)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ env: { ADMIN_API_KEY: KEY } });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('GET /admin serves the page with a CSP that allows no inline script or style', async () => {
    const res = await h.http.get('/admin').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    const csp = res.headers['content-security-policy'] as string;
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(res.text).toContain('<script src="/admin/admin.js" defer></script>');
    expect(res.text).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(res.text).not.toMatch(/\son[a-z]+=/i);
    for (const id of ['server-token', 'from-email', 'templates', 'test-to'])
      expect(res.text).toContain(`<label for="${id}">`);
  });

  it('serves its script and style as files, and nothing else', async () => {
    const js = await h.http.get('/admin/admin.js').expect(200);
    expect(js.headers['content-type']).toMatch(/^text\/javascript/);
    expect(js.text).toContain('/v1/admin/postmark');
    const css = await h.http.get('/admin/admin.css').expect(200);
    expect(css.headers['content-type']).toMatch(/^text\/css/);
    const missing = await h.http.get('/admin/..%2Fadmin.controller.ts');
    expect(missing.status).toBe(404);
    // The API keeps its strict default policy.
    const api = await h.http.get('/health/live');
    expect(api.headers['content-security-policy']).toContain(
      "default-src 'none'",
    );
  });
});

const executablePath = findChromium();

function describeWithChromium(name: string, fn: () => void): void {
  if (executablePath) {
    describe(name, fn);
    return;
  }
  if (process.env['CI'] === 'true') {
    describe(name, () => {
      it('needs Debian chromium at /usr/bin/chromium (CI must install it: apt-get install -y chromium)', () => {
        throw new Error(
          'chromium is not installed: the admin console browser test cannot run (apt-get install -y chromium, or set CHROMIUM_PATH)',
        );
      });
    });
    return;
  }
  process.stderr.write(
    `\n*** SKIPPED "${name}": chromium is not installed (apt-get install -y chromium, or set CHROMIUM_PATH); CI installs it. ***\n\n`,
  );
  describe.skip(name, fn);
}

describeWithChromium('admin console in Chromium (e2e)', () => {
  let h: Harness;
  let dataDir: string;
  let browser: Browser;
  let page: Page;
  const cspViolations: string[] = [];

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'auth-api-console-'));
    mkdirSync(OUTPUT, { recursive: true });
    h = await startHarness({ env: { ADMIN_API_KEY: KEY, DATA_DIR: dataDir } });
    browser = await chromium.launch({
      executablePath,
      headless: true,
      args: CHROMIUM_ARGS,
    });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.setDefaultTimeout(10_000);
    page.on('console', (message) => {
      if (/Content Security Policy|Refused to/i.test(message.text()))
        cspViolations.push(message.text());
    });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await h?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  const testResult = () => page.locator('#test-result');
  const save = () => page.locator('#save');

  it('tests, refuses a missing alias, then saves a config the next verification email uses', async () => {
    await page.goto(`${h.url}/admin`);

    // The admin key is asked once and kept in session storage only.
    await page.getByRole('textbox', { name: 'Admin API key' }).fill(KEY);
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.locator('#config-form').waitFor({ state: 'visible' });
    expect(
      await page.evaluate(
        "[sessionStorage.getItem('authApi.adminKey'), localStorage.length]",
      ),
    ).toEqual([KEY, 0]);
    await expect(save().isDisabled()).resolves.toBe(true);

    // Fill the form with the seed's JSONC templates and send a test.
    await page.getByLabel('Server token').fill(DEFAULT_SANDBOX_TOKEN);
    await page.getByLabel('From address').fill(SAVED_FROM);
    await page.getByLabel('Templates').fill(SEED_JSONC);
    await page.getByLabel('Test email address').fill('console@example.org');
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await testResult().filter({ hasText: 'Message ID' }).waitFor();
    const [message] = h.sandbox.messages({ to: 'console@example.org' });
    expect(await testResult().textContent()).toContain(message.MessageID);
    expect(message.From).toBe(SAVED_FROM);
    expect(message.TemplateAlias).toBe('logto-generic');
    await expect(save().isEnabled()).resolves.toBe(true);

    // Any edit disables Save; a test with a missing alias names it and Save stays disabled.
    const broken = SEED_JSONC.replace(
      '"logto-generic"',
      '"logto-generic-missing"',
    );
    await page.getByLabel('Templates').fill(broken);
    await expect(save().isDisabled()).resolves.toBe(true);
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await testResult().filter({ hasText: 'Test failed' }).waitFor();
    expect(await testResult().textContent()).toContain('logto-generic-missing');
    expect(await page.locator('#templates-error').textContent()).toContain(
      'logto-generic-missing',
    );
    expect(
      await page.getByLabel('Templates').getAttribute('aria-invalid'),
    ).toBe('true');
    await expect(save().isDisabled()).resolves.toBe(true);

    // Check: one row per template, the missing one marked.
    await page.getByRole('button', { name: 'Check templates' }).click();
    await page.locator('#check-result table').waitFor();
    const rows = page.locator('#check-result tbody tr');
    expect(await rows.count()).toBe(4);
    expect(
      await page
        .locator('#check-result tr[data-alias="logto-generic-missing"]')
        .textContent(),
    ).toMatch(/Missing/);
    expect(
      await page
        .locator('#check-result tr[data-alias="logto-sign-in"]')
        .textContent(),
    ).toMatch(/Found/);
    await page.screenshot({
      path: join(OUTPUT, 'admin-console-desktop-check.png'),
      fullPage: true,
    });

    // Fix it, test again (by keyboard), save.
    await page.getByLabel('Templates').fill(SEED_JSONC);
    await page.getByRole('button', { name: 'Send', exact: true }).focus();
    await page.keyboard.press('Enter');
    await testResult().filter({ hasText: 'Message ID' }).waitFor();
    await expect(save().isEnabled()).resolves.toBe(true);
    await save().click();
    await page.locator('#save-result').filter({ hasText: 'Saved' }).waitFor();
    expect(await page.locator('#active-badge').textContent()).toBe(
      'Saved config active',
    );
    // The saved token is shown masked after the save.
    expect(await page.getByLabel('Server token').inputValue()).toBe('sand…');

    // The next verification code goes out with the saved config.
    await h.http
      .post('/v1/verification-codes')
      .send({ email: 'after-console@example.org', usageType: 'Register' })
      .expect(202);
    const [code] = h.sandbox.messages({ to: 'after-console@example.org' });
    expect(code.From).toBe(SAVED_FROM);
    expect(code.TemplateAlias).toBe('logto-register');

    // A check of the saved settings: every template found.
    await page.getByRole('button', { name: 'Check templates' }).click();
    await page.locator('#check-result table').waitFor();
    expect(
      await page
        .locator('#check-result tbody tr td:nth-child(3)')
        .allTextContents(),
    ).toEqual(['Found', 'Found', 'Found', 'Found']);
    await page.screenshot({
      path: join(OUTPUT, 'admin-console-desktop.png'),
      fullPage: true,
    });
    expect(cspViolations).toEqual([]);
  }, 60_000);

  it('is usable at 375 px wide: no horizontal scrolling, every field labelled', async () => {
    await page.setViewportSize({ width: 375, height: 812 });
    await page.reload();
    await page.locator('#config-form').waitFor({ state: 'visible' });
    // Reloaded without asking again: the key is in session storage.
    expect(await page.locator('#key-panel').isHidden()).toBe(true);
    expect(
      await page.evaluate('document.documentElement.scrollWidth'),
    ).toBeLessThanOrEqual(375);
    for (const label of [
      'Server token',
      'From address',
      'Templates',
      'Test email address',
    ]) {
      const box = await page.getByLabel(label).boundingBox();
      expect(box?.width).toBeGreaterThan(250);
    }
    await page.screenshot({
      path: join(OUTPUT, 'admin-console-375.png'),
      fullPage: true,
    });
    // Keyboard order follows the form.
    await page.getByLabel('Server token').focus();
    await page.keyboard.press('Tab');
    expect(
      await page.evaluate(
        'document.activeElement && document.activeElement.id',
      ),
    ).toBe('from-email');
    expect(cspViolations).toEqual([]);
  }, 30_000);
});
