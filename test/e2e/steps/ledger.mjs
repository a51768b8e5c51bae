import { readFileSync } from 'node:fs';

/**
 * Issue #18 in the dashboard: a payee is owed $7.00 beside the $5.00 approved in the rewards step
 * (which later steps expect still due); the Payouts page shows both, makes a batch above a $6.00
 * minimum (the payee's line only), downloads it (generic CSV and JSON), marks it paid with the rail's
 * reference; the payee's reward is then paid with it and only the $5.00 stays owed. Then the review
 * queue is on its page.
 */
export async function ledgerSteps({ step, page, shot, assert }) {
  await step('payouts: owed by user, create a batch, download it, mark it paid', async () => {
    const issued = await page.evaluate(async () => {
      const { csrf_token } = await fetch('/v1/auth/session').then((r) => r.json());
      const headers = { 'content-type': 'application/json', 'x-csrf-token': csrf_token, 'x-referrio-environment': 'test' };
      const user = await fetch('/v1/users', { method: 'POST', headers, body: JSON.stringify({ external_id: 'e2e-payee', email: 'payee@example.com', name: 'Pat Payee' }) });
      const reward = await fetch('/v1/rewards', { method: 'POST', headers, body: JSON.stringify({ user_id: 'e2e-payee', type: 'cash', amount: 700, currency: 'USD' }) });
      return [user.status, reward.status];
    });
    assert.deepEqual(issued, [201, 201]);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Payouts' }).click();
    await page.getByRole('heading', { name: 'Payouts' }).waitFor();
    const owed = page.getByRole('table', { name: 'Owed by user' });
    await owed.locator('tr', { hasText: 'cust_100003' }).getByText('$5.00').first().waitFor();
    await owed.locator('tr', { hasText: 'e2e-payee' }).getByText('$7.00').first().waitFor();
    await page.getByLabel('Minimum payout').fill('6.00');
    await page.getByRole('button', { name: 'Create batch' }).click();
    await page.getByText(/^Batch pay_\w+: 1 line\(s\), \$7\.00\.$/).waitFor();
    const batch = page.getByRole('table', { name: 'Payout batches' }).locator('tbody tr').first();
    await batch.getByText('pending').waitFor();
    const payoutId = await batch.getAttribute('data-payout-id');
    await shot('payouts');

    const saved = async (name) => {
      const [download] = await Promise.all([page.waitForEvent('download'), batch.getByRole('button', { name, exact: true }).click()]);
      return readFileSync(await download.path(), 'utf8');
    };
    const csv = await saved('CSV');
    const lines = csv.trim().split('\r\n');
    assert.equal(lines[0], 'line_id,user_id,external_id,name,email,currency,amount_minor,amount,carried_minor,status,reference');
    assert.equal(lines.length, 2, csv);
    assert.match(lines[1], /,e2e-payee,Pat Payee,payee@example\.com,USD,700,7\.00,0,pending,$/);
    const json = JSON.parse(await saved('JSON'));
    assert.equal(json.payout.id, payoutId);
    assert.equal(json.lines[0].amount, 700);

    await page.getByLabel('Rail reference').fill('PAYOUTBATCH-E2E-1');
    await batch.getByRole('button', { name: 'Mark paid' }).click();
    await page.getByText(`Batch ${payoutId} is paid.`).waitFor();
    await batch.getByText('paid', { exact: true }).waitFor();
    await owed.locator('tr', { hasText: 'e2e-payee' }).waitFor({ state: 'detached' });
    await owed.locator('tr', { hasText: 'cust_100003' }).getByText('$5.00').first().waitFor();
    const rewards = await page.evaluate(
      (id) => fetch(`/v1/rewards?filters[0][field]=status&filters[0][value]=paid&per_page=250`, { headers: { 'x-referrio-environment': 'test' } }).then((r) => r.json()).then((b) => b.data.filter((r) => r.payout_id === id)),
      payoutId,
    );
    assert.equal(rewards.length, 1);
    assert.equal(rewards[0].payout_reference, 'PAYOUTBATCH-E2E-1');
    assert.equal(rewards[0].amount, 700);
    assert.equal((await saved('CSV')).trim().split('\r\n')[1].endsWith(',paid,PAYOUTBATCH-E2E-1'), true);
    // The payee leaves (later steps count the test environment's users); their paid reward stays in the ledger.
    const deleted = await page.evaluate(async () => {
      const { csrf_token } = await fetch('/v1/auth/session').then((r) => r.json());
      return (await fetch('/v1/users/e2e-payee', { method: 'DELETE', headers: { 'x-csrf-token': csrf_token, 'x-referrio-environment': 'test' } })).status;
    });
    assert.equal(deleted, 204);
  });

  await step('review queue: its page lists what needs a human', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Review' }).click();
    await page.getByRole('heading', { name: 'Review' }).waitFor();
    await page.getByRole('table', { name: 'Review queue' }).or(page.getByText('Nothing to review')).first().waitFor();
    await shot('review-queue');
    // Back where the next step starts: the event log.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Developers' }).click();
    await page.getByRole('link', { name: 'event log' }).click();
    await page.getByRole('heading', { name: 'Events' }).waitFor();
  });
}
