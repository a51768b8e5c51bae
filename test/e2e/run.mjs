#!/usr/bin/env node
// End-to-end: the built dashboard in headless Chromium against the real Worker under wrangler dev.
// Screenshots go to test/e2e/screenshots/ (ignored by git). Run with `npm run test:e2e`.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { Webhook } from 'standardwebhooks';
import { ledgerSteps } from './steps/ledger.mjs';
import { integrationsSteps } from './steps/integrations.mjs';
import { freePorts, root, SETUP_TOKEN, startWorker } from './server.mjs';
import { trustKeys } from './steps/trust-keys.mjs';
import { trustData } from './steps/trust-data.mjs';
import { widgetSteps } from './steps/widget.mjs';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SHOTS = join(root, 'test', 'e2e', 'screenshots');
const FIXTURE = join(root, 'test', 'fixtures', 'users-messy.csv');
const VOUCHERS_5K = join(root, 'test', 'fixtures', 'vouchers-5k.csv');
const USERS_10K = join(root, 'test', 'fixtures', 'users-10k.csv');
const DOCS_SHOTS = process.env.REFERRIO_DOCS_SCREENSHOTS === '1' ? join(root, 'docs', 'screenshots') : null;
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
if (DOCS_SHOTS) mkdirSync(DOCS_SHOTS, { recursive: true });

const steps = [];
async function step(name, fn) {
  const started = Date.now();
  await fn();
  steps.push(name);
  console.log(`  ✓ ${name} (${Date.now() - started} ms)`);
}

const server = await startWorker();
// A local webhook receiver: records what Referrio sends and answers 200.
const received = [];
const [receiverPort] = await freePorts(1);
const receiver = createServer((req, res) => {
  let body = '';
  req.on('data', (d) => (body += d));
  req.on('end', () => {
    received.push({ headers: req.headers, body });
    res.writeHead(200, { 'content-type': 'text/plain' }).end('thanks');
  });
});
await new Promise((r) => receiver.listen(receiverPort, '127.0.0.1', r));
const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true, baseURL: server.baseUrl });
const page = await context.newPage();
page.setDefaultTimeout(20_000);
const nav = (name) => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true });
const shot = (name) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
/** The README's screenshots (docs/screenshots/), at 1280×800, when REFERRIO_DOCS_SCREENSHOTS=1. */
const docShot = async (name) => {
  if (!DOCS_SHOTS) return;
  const size = page.viewportSize();
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.screenshot({ path: join(DOCS_SHOTS, `${name}.png`) });
  await page.setViewportSize(size);
};
const num = (n) => n.toLocaleString('en-US');
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
    await page.getByLabel('Setup token').fill(SETUP_TOKEN);
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
    await rule.getByLabel('Approval').selectOption('manual');
    await page.getByRole('button', { name: 'Save campaign' }).click();
    await page.getByText('Saved. Rules are at version 1.').waitFor();
    await shot('04-campaign-rules');
    await page.getByRole('heading', { name: 'Reward rules' }).evaluate((h) => h.scrollIntoView());
    await docShot('campaign-rules');
  });

  await step('campaigns: create one (a bad landing URL shows at its field, the widget rank switched on), launch, pause and resume it', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Campaigns' }).click();
    await page.getByRole('link', { name: 'New campaign' }).click();
    await page.getByLabel('Name', { exact: true }).fill('Spring promo');
    await page.getByLabel('Landing URL').fill('ftp://shop.example.com/');
    await page.getByRole('button', { name: 'Create campaign' }).click();
    const landing = page.locator('.field', { has: page.getByLabel('Landing URL') });
    await landing.locator('.error').waitFor();
    await page.getByLabel('Landing URL').fill('https://shop.example.com/spring');
    await page.getByLabel('Show referrers their leaderboard rank in the widget').check();
    await page.getByRole('button', { name: 'Create campaign' }).click();
    await page.getByRole('heading', { name: 'Spring promo' }).waitFor();
    assert.equal(await page.getByLabel('Allowed domains').inputValue(), 'shop.example.com');
    // Read back from the API: the widget's rank is on for this campaign.
    assert.equal(await page.getByLabel('Show referrers their leaderboard rank in the widget').isChecked(), true);
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

  await step('rewards: the sale reward waits for approval; approve it, then mark it paid with a payout reference', async () => {
    await nav('Rewards').click();
    const filters = page.getByRole('search', { name: 'Filter rewards' });
    await filters.getByLabel('Status').selectOption('pending');
    await filters.getByLabel('Recipient').fill('cust_100003');
    await page.getByText('1–1 of 1').waitFor(); // the filter applies once typing stops
    const row = page.locator('tbody tr', { hasText: '$12.00' });
    await row.getByText('awaiting approval').waitFor();
    await shot('14-rewards-pending');
    await row.getByRole('button', { name: 'Approve' }).click();
    await page.getByText(/\$12\.00 for usr_\w+ is approved\./).waitFor();
    await filters.getByLabel('Status').selectOption('approved');
    await page.getByLabel('Payout reference').fill('po_e2e_0001');
    await page.locator('tbody tr', { hasText: '$12.00' }).getByRole('button', { name: 'Mark paid' }).click();
    await page.getByText(/\$12\.00 for usr_\w+ is paid\./).waitFor();
    await filters.getByLabel('Status').selectOption('paid');
    await page.locator('tbody tr', { hasText: '$12.00' }).getByText('ref po_e2e_0001').waitFor();
  });

  await step('rewards: issue by hand (a field error first), then approve in bulk with per-id outcomes', async () => {
    await page.getByRole('button', { name: 'Issue a reward' }).click();
    const form = page.getByRole('form', { name: 'Issue a reward' });
    await form.getByLabel('User', { exact: true }).fill('cust_100003');
    await form.getByLabel('Reward type').selectOption('points');
    await form.getByLabel('Status').selectOption('pending');
    await form.getByRole('button', { name: 'Issue reward' }).click();
    await form.locator('.field', { has: page.getByLabel('Points') }).getByText('Required for points.').waitFor();
    await form.getByLabel('Points').fill('250');
    await form.getByLabel('Note').fill('Birthday bonus');
    await form.getByRole('button', { name: 'Issue reward' }).click();
    await form.getByText('Issued 250 points (pending).').waitFor();
    await form.getByLabel('Reward type').selectOption('cash');
    await form.getByLabel('Amount').fill('5');
    await form.getByRole('button', { name: 'Issue reward' }).click();
    await form.getByText('Issued $5.00 (pending).').waitFor();
    const filters = page.getByRole('search', { name: 'Filter rewards' });
    await filters.getByLabel('Status').selectOption('');
    await page.getByText('1–3 of 3').waitFor();
    await page.getByLabel('Select all on this page').check();
    await page.getByRole('button', { name: 'Approve selected' }).click();
    const report = page.getByTestId('bulk-report');
    await report.getByText('2 of 3 approved; 1 unchanged.').waitFor();
    await report.getByText(/is paid; only pending rewards can be approved/).waitFor();
    await shot('15-rewards-bulk');
  });

  await step('campaign leaderboard ranks the referrer by referrals and by revenue', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Campaigns' }).click();
    await page.getByRole('link', { name: 'Default campaign' }).click();
    const board = page.getByRole('region', { name: 'Leaderboard' });
    await board.locator('tr', { hasText: 'Chloé Kowalski' }).waitFor();
    await board.getByLabel('Rank by').selectOption('revenue');
    await board.locator('tr', { hasText: 'Chloé Kowalski' }).getByText('$120.00').waitFor();
    await board.screenshot({ path: join(SHOTS, '16-leaderboard.png') });
  });

  await step('vouchers: create a pool (a field error first), a voucher reward waits, the 5k upload fills it: 5,000 inserted, 50 duplicates', async () => {
    await nav('Vouchers').click();
    await page.getByText('No voucher pools yet').waitFor();
    await page.getByRole('button', { name: 'New pool' }).click();
    const form = page.getByRole('form', { name: 'New voucher pool' });
    await form.getByRole('button', { name: 'Create pool' }).click();
    await form.locator('.field', { has: page.getByLabel('Pool name') }).locator('.error').waitFor();
    await form.getByLabel('Pool name').fill('Save 10%');
    await form.getByLabel('Low stock below').fill('100');
    await form.getByRole('button', { name: 'Create pool' }).click();
    await page.getByText('Created Save 10%. Upload its codes below.').waitFor();
    // A voucher reward issued while the pool is empty waits for a code.
    await nav('Rewards').click();
    await page.getByRole('button', { name: 'Issue a reward' }).click();
    const issue = page.getByRole('form', { name: 'Issue a reward' });
    await issue.getByLabel('User', { exact: true }).fill('cust_100003');
    await issue.getByLabel('Reward type').selectOption('voucher');
    await issue.getByLabel('Voucher pool').selectOption({ label: 'Save 10% (0 available)' });
    await issue.getByRole('button', { name: 'Issue reward' }).click();
    await issue.getByText(/The pool is empty: it gets a code when you upload more\./).waitFor();
    await nav('Vouchers').click();
    const pool = page.locator('tr', { hasText: 'Save 10%' });
    await pool.getByText('low stock').waitFor();
    await pool.getByRole('button', { name: 'Upload codes' }).click();
    const started = Date.now();
    await page.getByLabel('CSV file').setInputFiles(VOUCHERS_5K);
    const report = page.getByTestId('voucher-report');
    await report.getByText('waiting rewards got a code').waitFor({ timeout: 120_000 });
    await page.getByRole('progressbar').waitFor({ state: 'detached' });
    console.log(`    5k voucher upload: ${Date.now() - started} ms`);
    assert.equal(Number(await page.getByTestId('inserted').textContent()), 5000);
    assert.equal(Number(await page.getByTestId('duplicates').textContent()), 50);
    await page.getByText('Skipped lines').click();
    const lines = (await page.locator('table.errors tbody tr td:first-child').allTextContents()).map(Number);
    assert.equal(lines.length, 50 + Number(await page.getByTestId('invalid').textContent()));
    assert.ok(lines.every((l) => l >= 2 && l <= 5056), 'line numbers are the file’s');
    const why = await page.locator('table.errors tbody tr td:nth-child(3)').allTextContents();
    assert.equal(why.filter((w) => /^repeats line \d+$/.test(w)).length, 50, 'repeats across upload chunks are named as repeats');
    await pool.getByText('4,999').waitFor();
    await shot('17-vouchers-uploaded');
  });

  let voucherCode = '';
  await step('the waiting voucher reward got a code and is approved; the user page shows it and the balance', async () => {
    await nav('Rewards').click();
    const filters = page.getByRole('search', { name: 'Filter rewards' });
    await filters.getByLabel('Recipient').fill('cust_100003');
    await page.getByText('1–4 of 4').waitFor();
    const row = page.locator('tbody tr', { hasText: 'voucher SAVE10-' });
    await row.getByText('approved').waitFor();
    voucherCode = (await row.textContent()).match(/SAVE10-[0-9A-F]+/)[0];
    await row.getByRole('link').click();
    await page.getByRole('heading', { name: 'Chloé Kowalski' }).waitFor();
    await page.getByText('$5.00 due · $12.00 paid').waitFor();
    await page.getByText('250 points').first().waitFor();
    await shot('18-user-rewards-balance');
  });

  await step('overview shows charts and top referrers', async () => {
    await page.getByRole('link', { name: 'Overview' }).click();
    await page.getByRole('img', { name: 'Visits, signups and sales per day' }).waitFor();
    await page.getByRole('link', { name: 'Chloé Kowalski' }).waitFor();
    await shot('10-overview');
    await page.getByLabel('Campaign').selectOption({ label: 'Spring promo' });
    await page.getByText('Nobody on the board yet').waitFor();
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
  await trustKeys({ page, step, baseUrl: server.baseUrl, shot });

  await step('webhooks: add an endpoint (a bad URL first), secret shown once; a test event is delivered, signed, and shows as succeeded', async () => {
    await page.getByRole('button', { name: 'I have stored it' }).click(); // the rotated API key's panel
    await page.getByText('No webhook endpoints').waitFor();
    const form = page.getByRole('form', { name: 'New webhook endpoint' });
    await form.getByLabel('Endpoint URL').fill('not a url');
    await form.getByRole('button', { name: 'Add endpoint' }).click();
    await form.locator('.field', { has: page.getByLabel('Endpoint URL') }).locator('.error').waitFor();
    await form.getByLabel('Endpoint URL').fill(`http://127.0.0.1:${receiverPort}/hooks/referrio`);
    await form.getByLabel('Description').fill('E2E receiver');
    await form.getByRole('button', { name: 'Add endpoint' }).click();
    const secret = await page.getByLabel('Webhook signing secret').inputValue();
    assert.match(secret, /^whsec_/);
    await page.getByRole('button', { name: 'I have stored it' }).click();
    await page.getByRole('link', { name: /127\.0\.0\.1/ }).click();
    await page.getByText('No deliveries yet').waitFor();
    await page.getByRole('button', { name: 'Send test event' }).click();
    await page.getByText('Test event queued').waitFor();
    const row = page.locator('tbody tr', { hasText: 'webhook.test' });
    await row.getByText('succeeded').waitFor({ timeout: 60_000 });
    await row.getByText('200', { exact: true }).waitFor();
    const test = received.find((r) => r.body.includes('"webhook.test"'));
    assert.ok(test, 'the receiver got the test event');
    new Webhook(secret).verify(test.body, test.headers);
    await shot('19-webhook-deliveries');
    await row.getByRole('button', { name: 'Retry' }).click();
    await page.getByText('Retrying now.').waitFor();
    await page.getByLabel('All events, including future ones').uncheck();
    await page.getByLabel('reward.paid').check();
    await page.getByRole('button', { name: 'Save endpoint' }).click();
    await page.getByText('Saved.', { exact: true }).waitFor();
    await page.getByRole('button', { name: 'Rotate secret' }).click();
    await page.getByText(/Rotated\. The old secret also signs until/).waitFor();
    assert.notEqual(await page.getByLabel('Webhook signing secret').inputValue(), secret);
    await page.getByRole('link', { name: '← Developers' }).click();
    await page.locator('tr', { hasText: 'E2E receiver' }).getByText('enabled').waitFor();
  });

  await step('events: the log filtered by reward.paid shows the paid reward in its JSON', async () => {
    const paid = await page.evaluate(() =>
      fetch('/v1/rewards?filters[0][field]=status&filters[0][operator]=equal&filters[0][value]=paid', { headers: { 'x-referrio-environment': 'test' } }).then((r) => r.json()),
    );
    assert.equal(paid.data.length, 1);
    const rewardId = paid.data[0].id;
    await page.getByRole('link', { name: 'event log' }).click();
    await page.getByRole('heading', { name: 'Events' }).waitFor();
    await page.locator('tbody tr').first().waitFor();
    await page.getByRole('search', { name: 'Filter events' }).getByLabel('Type').selectOption('reward.paid');
    await page.getByText('1–1 of 1').waitFor();
    const row = page.locator('tbody tr', { hasText: rewardId });
    assert.equal((await row.locator('td').nth(1).textContent()).trim(), 'reward.paid');
    await row.getByText('JSON', { exact: true }).click();
    const json = JSON.parse(await row.locator('pre').textContent());
    assert.equal(json.id, rewardId);
    assert.equal(json.status, 'paid');
    assert.equal(json.payout_reference, 'po_e2e_0001');
    await shot('22-events-reward-paid');
    await page.getByLabel('Type').selectOption('voucher_pool.low_stock');
    await page.locator('tbody tr').first().waitFor();
    await page.getByLabel('Type').selectOption('referral.refunded');
    await page.getByText('Events appear here when users, referrals, rewards or vouchers change.').waitFor();
  });

  // After the steps that count the test environment's paid rewards and reward.paid events.
  await ledgerSteps({ step, page, shot, assert });

  await step('inbound qualify URL: created and shown once; a coupon POSTed to it redeems (200); rotating asks first and kills the old URL', async () => {
    await page.getByRole('link', { name: '← Developers' }).click();
    const panel = page.getByTestId('inbound-hook');
    await panel.getByText('No URL yet.').waitFor();
    await panel.getByRole('button', { name: 'Create URL' }).click();
    const url = await page.getByRole('textbox', { name: 'Inbound qualify URL' }).inputValue();
    assert.ok(url.startsWith(`${server.baseUrl}/hooks/hk_`), url);
    assert.match(url, /\/qualify$/);
    await shot('23-inbound-url-once');
    await page.getByRole('button', { name: 'I have stored it' }).click();
    await panel.getByText('A URL exists:').waitFor();
    await page.reload();
    await panel.getByText('A URL exists:').waitFor();
    assert.equal(await page.getByRole('textbox', { name: 'Inbound qualify URL' }).count(), 0, 'the URL is not shown again');
    const redeemed = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ coupon: voucherCode }) });
    assert.equal(redeemed.status, 200, await redeemed.clone().text());
    const redemption = await redeemed.json();
    assert.equal(redemption.voucher.code, voucherCode);
    assert.equal(redemption.voucher.status, 'redeemed');
    await panel.getByRole('button', { name: 'Rotate URL' }).click();
    await panel.getByText('The current URL stops working at once.').waitFor();
    await shot('24-inbound-rotate-confirm');
    await panel.getByRole('button', { name: 'Confirm rotate' }).click();
    await page.getByText('Rotated: the old URL stopped working now.').waitFor();
    const rotated = await page.getByRole('textbox', { name: 'Inbound qualify URL' }).inputValue();
    assert.notEqual(rotated, url);
    assert.equal((await fetch(url, { method: 'POST', body: new URLSearchParams({ coupon: voucherCode }) })).status, 404);
    assert.equal((await fetch(rotated, { method: 'POST', body: new URLSearchParams({ coupon: voucherCode }) })).status, 409, 'already redeemed');
    await page.getByRole('button', { name: 'I have stored it' }).click();
  });

  await trustData({ page, step, shot, nav, admin: ADMIN });

  await step('live mode: no banner, its own empty data', async () => {
    await page.getByLabel('Environment').selectOption('live');
    await page.getByRole('link', { name: 'Users', exact: true }).click();
    await page.getByText('No users yet').waitFor();
    assert.equal(await page.getByText('Test mode — you are viewing test data').count(), 0);
    await shot('12-live-empty-users');
    await page.getByLabel('Environment').selectOption('test');
  });

  // Volume: the live environment (empty until here) gets users-10k.csv through the import page
  // and 1,000 referrals through the API, then every list is walked to its last page. The Worker
  // records about ten referrals a second under wrangler dev whatever the concurrency, so 1,000 it is.
  const VOLUME = { users: 10_000, referrers: 10, signups: 950, sales: 50 };
  let liveKeys = [];
  let referrerIds = [];
  await step('volume: users-10k.csv (BOM, CRLF) through the import page into live: 10,000 created', async () => {
    await page.getByLabel('Environment').selectOption('live');
    await nav('Users').click();
    await page.getByText('No users yet').waitFor();
    await page.getByRole('link', { name: 'Import CSV' }).first().click();
    await page.getByLabel('CSV file').setInputFiles(USERS_10K);
    await page.getByText('10,000 rows in users-10k.csv').waitFor();
    const started = Date.now();
    await page.getByRole('button', { name: 'Import 10,000 rows' }).click();
    await page.getByRole('heading', { name: 'Result' }).waitFor({ timeout: 600_000 });
    console.log(`    10k user import: ${Date.now() - started} ms`);
    const count = async (id) => Number((await page.getByTestId(id).textContent()).replace(/,/g, ''));
    assert.equal(await count('created'), VOLUME.users);
    assert.equal(await count('rejected'), 0);
  });

  await step('volume: 950 signups and 50 sales through the API with live keys, 32 at a time', async () => {
    // Four keys: the API allows 600 requests a minute per key.
    liveKeys = await page.evaluate(async () => {
      const { csrf_token } = await fetch('/v1/auth/session').then((r) => r.json());
      const headers = { 'content-type': 'application/json', 'x-csrf-token': csrf_token, 'x-referrio-environment': 'live' };
      const made = [];
      for (let i = 0; i < 4; i++) {
        const res = await fetch('/v1/api-keys', { method: 'POST', headers, body: JSON.stringify({ name: `Volume ${i + 1}`, role: 'admin' }) });
        made.push((await res.json()).key);
      }
      return made;
    });
    const call = async (i, method, path, body) => {
      const res = await fetch(`${server.baseUrl}${path}`, {
        method,
        headers: { 'x-api-key': liveKeys[i % liveKeys.length], 'content-type': 'application/json' },
        body: body && JSON.stringify(body),
      });
      const json = await res.json();
      if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
      return json;
    };
    const campaigns = await call(0, 'GET', '/v1/campaigns');
    const campaign = campaigns.data.find((c) => c.is_default);
    await call(0, 'PATCH', `/v1/campaigns/${campaign.id}`, {
      status: 'live',
      rules: [{ id: 'signup-1usd', trigger: 'signup', recipients: { referrer: { type: 'cash', amount: 100, currency: 'USD' } } }],
    });
    const first = await call(0, 'GET', `/v1/users?per_page=${VOLUME.referrers}&order[field]=created_at&order[direction]=asc`);
    referrerIds = first.data.map((u) => u.external_id);
    const codes = first.data.map((u) => u.referral_code);
    const inParallel = async (n, make) => {
      let next = 0;
      await Promise.all(
        Array.from({ length: 32 }, async () => {
          while (next < n) {
            const i = next++;
            await call(i, 'POST', '/v1/referrals', make(i));
          }
        }),
      );
    };
    const started = Date.now();
    await inParallel(VOLUME.signups, (i) => ({ code: codes[i % VOLUME.referrers], type: 'signup', referee: { external_id: `vol_referee_${i}` } }));
    await inParallel(VOLUME.sales, (i) => ({
      code: codes[i % VOLUME.referrers],
      type: 'sale',
      amount: i % 2 ? 2500 : 4999,
      currency: i % 2 ? 'EUR' : 'USD',
      order_id: `vol_order_${i}`,
      referee: { external_id: `vol_referee_${i}` },
    }));
    console.log(`    ${VOLUME.signups + VOLUME.sales} referrals: ${Date.now() - started} ms`);
    const total = async (path) => (await call(0, 'GET', `${path}?per_page=1`)).meta.total;
    assert.equal(await total('/v1/referrals'), VOLUME.signups + VOLUME.sales);
    assert.equal(await total('/v1/users'), VOLUME.users + VOLUME.signups);
    assert.equal(await total('/v1/rewards'), VOLUME.signups);
  });

  /** Reads the pager, checks the table holds exactly its from–to rows, and returns them. */
  const pagerState = async (scope = page) => {
    const text = await scope.getByRole('navigation', { name: 'Pages' }).locator('span').textContent();
    const [, from, to, total] = text.replace(/,/g, '').match(/^(\d+)–(\d+) of (\d+)$/).map(Number);
    assert.equal(await scope.locator('tbody tr').count(), to - from + 1, `rows shown for ${text}`);
    return { from, to, total };
  };
  const waitPager = (text, scope = page) => scope.getByRole('navigation', { name: 'Pages' }).getByText(text, { exact: true }).waitFor();

  await step('volume: users list pages to the last of 10,950', async () => {
    await nav('Users').click();
    await waitPager('1–25 of 10,950');
    assert.deepEqual(await pagerState(), { from: 1, to: 25, total: 10_950 });
    await page.getByRole('button', { name: 'Last' }).click();
    await waitPager('10,926–10,950 of 10,950');
    assert.deepEqual(await pagerState(), { from: 10_926, to: 10_950, total: 10_950 });
    assert.ok(await page.getByRole('button', { name: 'Next' }).isDisabled());
    await page.getByRole('button', { name: 'Previous' }).click();
    await waitPager('10,901–10,925 of 10,950');
    // Oldest first for the README: the file's own people rather than the referees enrolled last.
    await page.getByRole('button', { name: /^Created/ }).click();
    await page.locator('th[aria-sort="ascending"]', { hasText: 'Created' }).waitFor();
    await waitPager('1–25 of 10,950');
    await docShot('users');
  });

  await step('volume: rewards list walked page by page, 50 a page, to the 950th', async () => {
    await nav('Rewards').click();
    for (let p = 1; p <= VOLUME.signups / 50; p++) {
      await waitPager(`${num((p - 1) * 50 + 1)}–${num(p * 50)} of ${num(VOLUME.signups)}`);
      assert.equal(await page.locator('tbody tr').count(), 50);
      if (p < VOLUME.signups / 50) await page.getByRole('button', { name: 'Next' }).click();
    }
    assert.ok(await page.getByRole('button', { name: 'Next' }).isDisabled());
  });

  await step('volume: a referrer\u2019s 100 referrals page to the last', async () => {
    await page.goto(`/users/${referrerIds[0]}`);
    for (const range of ['1–25', '26–50', '51–75', '76–100']) {
      await waitPager(`${range} of 100`);
      assert.equal(await page.locator('tbody tr').count(), 25);
      if (range !== '76–100') await page.getByRole('button', { name: 'Next' }).click();
    }
    assert.ok(await page.getByRole('button', { name: 'Next' }).isDisabled());
  });

  await step('volume: the event log pages to its last page', async () => {
    await page.goto('/developers/events');
    await page.getByRole('navigation', { name: 'Pages' }).waitFor();
    const { total } = await pagerState();
    assert.ok(total >= VOLUME.signups + VOLUME.sales, `at least one event per referral (${total})`);
    await page.getByRole('button', { name: 'Last' }).click();
    await page.getByRole('navigation', { name: 'Pages' }).getByText(new RegExp(`–${num(total)} of ${num(total)}$`)).waitFor();
    const last = await pagerState();
    assert.equal(last.to, total);
  });

  await step('volume: the overview shows /v1/stats numbers and money per currency; the leaderboard ranks 10 referrers', async () => {
    await nav('Overview').click();
    const board = page.getByRole('region', { name: 'Leaderboard' });
    await board.locator('tbody tr').nth(VOLUME.referrers - 1).waitFor();
    assert.equal(await board.locator('tbody tr').count(), VOLUME.referrers);
    const stats = await page.evaluate(async () => {
      const to = new Date().toISOString().slice(0, 10);
      const from = new Date(Date.now() - 29 * 86_400_000).toISOString().slice(0, 10);
      return fetch(`/v1/stats?from=${from}&to=${to}`, { headers: { 'x-referrio-environment': 'live' } }).then((r) => r.json());
    });
    const card = (label) => page.locator(`[data-stat="${label}"] strong`);
    assert.equal(await card('Visits').textContent(), num(stats.totals.visits));
    // Fields of the /v1/stats contract; a Worker that does not send them yet shows 0.
    assert.equal(await card('Signups').textContent(), num(stats.totals.signups ?? 0));
    assert.equal(await card('Sales').textContent(), num(stats.totals.sales ?? 0));
    assert.equal(await card('Rewards issued').textContent(), num(stats.totals.rewards ?? 0));
    if ('signups' in stats.totals) {
      assert.equal(stats.totals.signups, VOLUME.signups);
      assert.equal(stats.totals.sales, VOLUME.sales);
      assert.deepEqual(stats.totals.revenue, { USD: 25 * 4999, EUR: 25 * 2500 });
      assert.equal(await card('Revenue').textContent(), '$1,249.75 · €625.00');
    }
    assert.equal(await page.getByText('Something went wrong').count(), 0);
    await docShot('overview');
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
    await page.goto('/rewards');
    await page.locator('tbody tr').first().waitFor();
    await shot('20-phone-rewards');
    await page.goto('/vouchers');
    await page.getByRole('button', { name: 'Upload codes' }).waitFor();
    await shot('21-phone-vouchers');
  });

  await integrationsSteps({ page, step, nav, shot });
  await widgetSteps({ browser, page, baseUrl: server.baseUrl, step, shotsDir: SHOTS, docsShotsDir: DOCS_SHOTS });

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
  await new Promise((r) => receiver.close(r));
  await server.stop();
}

console.log(failed ? '\ne2e: FAILED' : `\ne2e: ${steps.length} steps passed; screenshots in test/e2e/screenshots/`);
process.exit(failed ? 1 : 0);
