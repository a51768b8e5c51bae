#!/usr/bin/env node
// End-to-end: the built dashboard in headless Chromium against the real Worker under wrangler dev.
// Screenshots go to test/e2e/screenshots/ (ignored by git). Run with `npm run test:e2e`.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { root, startWorker } from './server.mjs';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SHOTS = join(root, 'test', 'e2e', 'screenshots');
const MESSY = join(root, '..', 'shared', 'fixtures', 'users-messy.csv');
const FIXTURE = existsSync(MESSY) ? MESSY : join('/work/shared/fixtures/users-messy.csv');
const ADMIN = { workspace: 'E2E Shop', email: 'owner@e2e.example', password: 'a long e2e passphrase' };

if (!existsSync(CHROMIUM)) {
  console.error(`Chromium not found at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH).`);
  process.exit(1);
}
if (!existsSync(join(root, 'dashboard', 'dist', 'index.html'))) {
  console.error('dashboard/dist is missing: run `npm run build` first (npm run test:e2e does).');
  process.exit(1);
}
mkdirSync(SHOTS, { recursive: true });

const steps = [];
async function step(name, fn) {
  const started = Date.now();
  await fn();
  steps.push(name);
  console.log(`  ✓ ${name} (${Date.now() - started} ms)`);
}

const server = await startWorker();
const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true, baseURL: server.baseUrl });
const page = await context.newPage();
page.setDefaultTimeout(20_000);
const shot = (name) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
let failed = false;

try {
  console.log(`e2e against ${server.baseUrl}`);

  await step('first-run setup creates the workspace and signs in', async () => {
    await page.goto('/');
    await page.getByRole('heading', { name: 'Welcome to Referrio' }).waitFor();
    await page.getByRole('button', { name: 'Create workspace' }).click();
    await page.getByText('Name your workspace.').waitFor();
    await shot('01-setup-validation');
    await page.getByLabel('Workspace name').fill(ADMIN.workspace);
    await page.getByLabel('Your email').fill(ADMIN.email);
    await page.getByLabel('Password').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Create workspace' }).click();
    await page.getByRole('heading', { name: 'Overview' }).waitFor();
    await page.getByText('Test mode — you are viewing test data').waitFor();
    const cookies = await context.cookies();
    const session = cookies.find((c) => c.name === 'referrio_session');
    assert.ok(session, 'session cookie set');
    assert.equal(session.httpOnly, true);
    assert.equal(session.secure, true);
    assert.equal(session.sameSite, 'Strict');
  });

  await step('sign out, then a wrong password shows an error and the right one signs in', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in to Referrio' }).waitFor();
    await page.getByLabel('Email').fill(ADMIN.email);
    await page.getByLabel('Password').fill('wrong password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('The email or password is wrong.').first().waitFor();
    await shot('02-sign-in-error');
    await page.getByLabel('Password').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Overview' }).waitFor();
  });

  await step('campaign rules: a validation error shows at the field, then a sale rule saves', async () => {
    await page.getByRole('link', { name: 'Campaigns' }).click();
    await page.getByRole('link', { name: 'Default campaign' }).click();
    await page.getByRole('button', { name: 'Add rule' }).click();
    const rule = page.getByRole('group', { name: 'Rule 1' });
    await rule.getByLabel('Rule id').fill('bad id!');
    await page.getByRole('button', { name: 'Save campaign' }).click();
    await rule.getByText('Use 1 to 64 letters, digits, _ or -.').waitFor();
    await shot('03-rules-validation');
    await rule.getByLabel('Rule id').fill('sale-10pct');
    await rule.getByLabel('Name').fill('10% of every sale');
    await rule.getByRole('group', { name: 'Referrer gets' }).getByLabel('Reward').selectOption('percentage');
    await rule.getByRole('group', { name: 'Referrer gets' }).getByLabel('Percent').fill('10');
    await rule.getByRole('group', { name: 'Referee gets' }).getByLabel('Reward').selectOption('credit');
    await page.getByRole('button', { name: 'Save campaign' }).click();
    await page.getByText('Saved. Rules are at version 1.').waitFor();
    await shot('04-campaign-rules');
  });

  await step('campaigns: create one (a bad landing URL shows at its field), launch, pause and resume it', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Campaigns' }).click();
    await page.getByRole('link', { name: 'New campaign' }).click();
    await page.getByLabel('Name', { exact: true }).fill('Spring promo');
    await page.getByLabel('Landing URL').fill('ftp://shop.example.com/');
    await page.getByRole('button', { name: 'Create campaign' }).click();
    const landing = page.locator('.field', { has: page.getByLabel('Landing URL') });
    await landing.locator('.error').waitFor();
    await page.getByLabel('Landing URL').fill('https://shop.example.com/spring');
    await page.getByRole('button', { name: 'Create campaign' }).click();
    await page.getByRole('heading', { name: 'Spring promo' }).waitFor();
    assert.equal(await page.getByLabel('Allowed domains').inputValue(), 'shop.example.com');
    await page.getByRole('link', { name: '← Campaigns' }).click();
    const row = page.locator('tr', { hasText: 'Spring promo' });
    await row.getByText('draft').waitFor();
    await row.getByRole('button', { name: 'Launch' }).click();
    await page.getByText('Spring promo is live.').waitFor();
    await row.getByRole('button', { name: 'Pause' }).click();
    await page.getByText('Spring promo is paused.').waitFor();
    await row.getByText('paused').waitFor();
    await row.getByRole('button', { name: 'Resume' }).click();
    await page.getByText('Spring promo is live.').waitFor();
    await shot('04b-campaigns');
  });

  const importMessy = async () => {
    await page.getByRole('link', { name: 'Import CSV' }).first().click();
    await page.getByLabel('CSV file').setInputFiles(FIXTURE);
    await page.getByText('200 rows in users-messy.csv').waitFor();
    await page.getByRole('button', { name: 'Import 200 rows' }).click();
    await page.getByRole('heading', { name: 'Result' }).waitFor({ timeout: 120_000 });
    return {
      created: Number(await page.getByTestId('created').textContent()),
      existing: Number(await page.getByTestId('existing').textContent()),
      rejected: Number(await page.getByTestId('rejected').textContent()),
    };
  };

  await step('CSV import of users-messy.csv: 121 created, 60 rejected with line numbers, 19 repeats existing', async () => {
    assert.deepEqual(await importMessy(), { created: 121, existing: 19, rejected: 60 });
    const lines = await page.locator('table.errors tbody tr td:first-child').allTextContents();
    assert.equal(lines.length, 60);
    assert.ok(lines.includes('2'), 'line 2 (the invalid email of the first data row) is reported');
    assert.ok(lines.every((l) => Number(l) >= 2 && Number(l) <= 201));
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download rejected rows' }).click();
    const report = readFileSync(await (await download).path(), 'utf8');
    assert.equal(report.trim().split(/\r?\n/).length, 61);
    await shot('05-import-report');
  });

  await step('re-uploading the same file creates nothing', async () => {
    assert.deepEqual(await importMessy(), { created: 0, existing: 140, rejected: 60 });
  });

  let code = '';
  await step('users: search, open one, see code and share link; export escapes formulas', async () => {
    await page.getByRole('link', { name: 'Users', exact: true }).click();
    await page.getByText('1–25 of 121').waitFor();
    await page.getByRole('button', { name: /^Name/ }).click();
    await page.getByLabel('Search in').selectOption('external_id');
    await page.getByLabel('Search users').fill('cust_100003');
    await page.getByText('1–1 of 1').waitFor();
    await shot('06-users-search');
    const download = page.waitForEvent('download');
    await page.getByLabel('Search users').fill('');
    await page.getByText('1–25 of 121').waitFor();
    await page.getByRole('button', { name: 'Export CSV' }).click();
    const csv = readFileSync(await (await download).path(), 'utf8');
    assert.equal(csv.trim().split(/\r\n/).length, 122);
    assert.ok(csv.includes(`"'=HYPERLINK(""http://evil.example"",""click"")"`), 'formula cell escaped');
    assert.ok(!/,=HYPERLINK|,"=HYPERLINK/.test(csv), 'no raw formula cell');
    await page.getByLabel('Search users').fill('cust_100003');
    await page.getByText('1–1 of 1').waitFor();
    await page.getByRole('link', { name: 'Chloé Kowalski' }).click();
    await page.getByRole('heading', { name: 'Chloé Kowalski' }).waitFor();
    code = (await page.locator('code.code').textContent()).trim();
    assert.match(code, /^CHLOE-[A-Z0-9]+$/);
    await shot('07-user-detail');
  });

  await step('users: create one (an API error shows at its field), then delete it with confirmation', async () => {
    await page.getByRole('link', { name: 'Users', exact: true }).click();
    await page.getByRole('button', { name: 'New user' }).click();
    const form = page.getByRole('form', { name: 'New user' });
    await form.getByLabel('External id').fill('manual_1');
    await form.getByLabel('Email').fill('not-an-email');
    await form.getByRole('button', { name: 'Create user' }).click();
    await form.getByText('Must be a valid email address.').waitFor();
    await form.getByLabel('Email').fill('manual@example.com');
    await form.getByLabel('Name').fill('Manual Person');
    await form.getByRole('button', { name: 'Create user' }).click();
    await form.getByText(/Created Manual Person with code MANUAL-/).waitFor();
    await page.getByRole('link', { name: 'Manual Person' }).click();
    await page.getByRole('button', { name: 'Delete user' }).click();
    await page.getByRole('alertdialog', { name: 'Confirm deletion' }).getByRole('button', { name: 'Yes, delete' }).click();
    await page.getByText('1–25 of 121').waitFor();
    assert.equal(await page.getByRole('link', { name: 'Manual Person' }).count(), 0);
  });

  await step('add a referral: live lookup, a sale that earns rewards', async () => {
    await page.getByRole('link', { name: 'Add referral' }).click();
    await page.getByLabel('Referrer code').fill(code.toLowerCase());
    await page.getByText('Referrer: Chloé Kowalski').waitFor();
    await page.getByLabel('Event type').selectOption('sale');
    await page.getByLabel('Amount').fill('abc');
    await page.getByLabel('Currency').fill('USD');
    await page.getByRole('button', { name: 'Log referral' }).click();
    await page.getByText('Enter the amount as a number').waitFor();
    await page.getByLabel('Amount').fill('120.00');
    await page.getByLabel('Referee external id').fill('buyer_1');
    await page.getByRole('button', { name: 'Log referral' }).click();
    const result = page.getByTestId('referral-result');
    await result.waitFor();
    await result.getByText('qualified').waitFor();
    const text = await result.textContent();
    assert.match(text, /referrer earns \$12\.00/);
    assert.match(text, /sale-10pct/);
    await shot('08-referral-rewarded');
  });

  await step('the user page lists the referral and its reward', async () => {
    await page.goto(`/users?x=1`);
    await page.getByLabel('Search in').selectOption('referral_code');
    await page.getByLabel('Search users').fill(code);
    await page.getByRole('link', { name: 'Chloé Kowalski' }).click();
    await page.getByText('$12.00 due').waitFor();
    await shot('09-user-with-reward');
  });

  await step('overview shows charts and top referrers', async () => {
    await page.getByRole('link', { name: 'Overview' }).click();
    await page.getByRole('img', { name: 'Visits, signups and sales per day' }).waitFor();
    await page.getByRole('link', { name: 'Chloé Kowalski' }).waitFor();
    await shot('10-overview');
    await page.getByLabel('Campaign').selectOption({ label: 'Spring promo' });
    await page.getByText('No referrals in this range').waitFor();
    await page.getByLabel('Campaign').selectOption({ label: 'All campaigns' });
    await page.getByRole('link', { name: 'Chloé Kowalski' }).waitFor();
  });

  await step('developers: create a key (shown once), rotate it with a grace period', async () => {
    await page.getByRole('link', { name: 'Developers' }).click();
    await page.getByLabel('Key name').fill('Checkout backend');
    await page.getByRole('button', { name: 'Create key' }).click();
    const created = await page.getByTestId('new-key').inputValue();
    assert.match(created, /^rk_test_[A-Za-z0-9]{40}$/);
    const ok = await fetch(`${server.baseUrl}/v1/users`, { headers: { 'x-api-key': created } });
    assert.equal(ok.status, 200);
    await page.getByRole('button', { name: 'I have stored it' }).click();
    const row = page.locator('tr', { hasText: 'Checkout backend' });
    await row.getByRole('button', { name: 'Rotate' }).click();
    await page.getByText(/The old key .* works until/).waitFor();
    const rotated = await page.getByTestId('new-key').inputValue();
    assert.notEqual(rotated, created);
    await page.locator('tr', { hasText: 'Checkout backend' }).filter({ hasText: 'expiring' }).waitFor();
    await shot('11-developers-rotated');
  });

  await step('live mode: no banner, its own empty data', async () => {
    await page.getByLabel('Environment').selectOption('live');
    await page.getByRole('link', { name: 'Users', exact: true }).click();
    await page.getByText('No users yet').waitFor();
    assert.equal(await page.getByText('Test mode — you are viewing test data').count(), 0);
    await shot('12-live-empty-users');
    await page.getByLabel('Environment').selectOption('test');
  });

  await step('deep link and reload keep the page; phone width stays usable', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto('/campaigns');
    await page.reload();
    await page.getByRole('heading', { name: 'Campaigns' }).waitFor();
    await page.goto('/users');
    // 121 imported and the referee the sale enrolled.
    await page.getByText('1–25 of 122').waitFor();
    await shot('13-phone-users');
  });

  await step('a session that ends elsewhere sends the dashboard back to sign-in', async () => {
    await context.clearCookies();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Campaigns' }).click();
    await page.getByRole('heading', { name: 'Sign in to Referrio' }).waitFor();
  });
} catch (err) {
  failed = true;
  console.error(`\n✗ e2e failed after: ${steps.at(-1) ?? '(start)'}\n`, err);
  await shot('failure').catch(() => undefined);
  console.error(server.log().split('\n').slice(-30).join('\n'));
} finally {
  await browser.close();
  await server.stop();
}

console.log(failed ? '\ne2e: FAILED' : `\ne2e: ${steps.length} steps passed; screenshots in test/e2e/screenshots/`);
process.exit(failed ? 1 : 0);
