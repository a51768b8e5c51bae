// Issue #14 (trust and data) in the browser: the audit log page, and a user's export and erasure.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

/** Runs in the test environment after the rewards, keys and webhook steps made changes to audit. */
export async function trustData({ page, step, shot, nav, admin }) {
  const api = (path, init = {}) =>
    page.evaluate(
      async ([p, i]) => {
        const csrf = (await fetch('/v1/auth/session').then((r) => r.json())).csrf_token;
        const r = await fetch(p, { ...i, headers: { 'content-type': 'application/json', 'x-referrio-environment': 'test', 'x-csrf-token': csrf, ...(i.headers ?? {}) } });
        return { status: r.status, json: r.status === 204 ? null : await r.json() };
      },
      [path, init],
    );

  await step('audit log: the paid reward shows who paid it, and its status before and after', async () => {
    await nav('Audit log').click();
    await page.getByRole('heading', { name: 'Audit log' }).waitFor();
    await page.locator('tbody tr').first().waitFor();
    await page.getByRole('search', { name: 'Filter the audit log' }).getByLabel('Object type').selectOption('reward');
    const paid = page.locator('tbody tr', { hasText: 'reward.paid' }).first();
    await paid.waitFor();
    assert.ok((await paid.textContent()).includes(admin.email), 'the admin who paid it');
    await paid.locator('summary').click();
    assert.equal((await paid.locator('tr[data-field="status"] td').nth(0).textContent()).trim(), '"approved"');
    assert.equal((await paid.locator('tr[data-field="status"] td').nth(1).textContent()).trim(), '"paid"');
    await shot('30-audit-log-reward-paid');
    await page.getByLabel('Object type').selectOption('api_key');
    await page.locator('tbody tr', { hasText: 'api_key.rotated' }).first().waitFor();
  });

  await step('a user: Export data downloads everything held; Delete erases them from the event log too', async () => {
    const created = await api('/v1/users', { method: 'POST', body: JSON.stringify({ external_id: 'e2e-erase-me', email: 'erin.erasable@e2e.example', name: 'Erin Erasable' }) });
    assert.equal(created.status, 201);
    await page.goto(`/users/${created.json.id}`);
    await page.getByRole('heading', { name: 'Erin Erasable' }).waitFor();
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export data' }).click();
    const doc = JSON.parse(readFileSync(await (await download).path(), 'utf8'));
    assert.equal(doc.object, 'user_export');
    assert.equal(doc.user.email, 'erin.erasable@e2e.example');
    await page.getByRole('button', { name: 'Delete user' }).click();
    await page.getByRole('alertdialog', { name: 'Confirm deletion' }).getByRole('button', { name: 'Yes, delete' }).click();
    await page.getByRole('heading', { name: 'Users' }).waitFor();
    const events = await api('/v1/events?filters[0][field]=type&filters[0][operator]=equal&filters[0][value]=user.created&per_page=250');
    assert.equal(events.status, 200);
    assert.ok(events.json.data.some((e) => e.data.id === created.json.id), 'its user.created event is still listed');
    assert.ok(!JSON.stringify(events.json.data).includes('erin.erasable@e2e.example'), 'and no longer holds the email');
    assert.ok(!JSON.stringify(events.json.data).includes('Erin Erasable'), 'nor the name');
  });
}
