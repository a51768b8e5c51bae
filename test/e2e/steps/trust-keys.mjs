// Keys with scopes, as an admin sees them on the Developers page (run.mjs calls this after its keys step).
import assert from 'node:assert/strict';

export async function trustKeys({ page, step, baseUrl, shot }) {
  await step('developers: a key made with only the read scope shows it in the list, reads, and is refused writes naming the scope', async () => {
    await page.getByRole('link', { name: 'Developers' }).click();
    // A key shown by an earlier step must not be mistaken for the one made here.
    const stored = page.getByRole('button', { name: 'I have stored it' });
    if (await stored.isVisible()) await stored.click();
    const form = page.getByRole('form', { name: 'New API key' });
    // The narrow default is preselected: read, users:write, referrals:write; rewards and campaigns are not.
    assert.equal(await form.locator('input[value="read"]').isChecked(), true);
    assert.equal(await form.locator('input[value="rewards:write"]').isChecked(), false);
    assert.equal(await form.locator('input[value="campaigns:write"]').isChecked(), false);
    await page.getByLabel('Key name').fill('Reporting');
    await form.locator('input[value="users:write"]').uncheck();
    await form.locator('input[value="referrals:write"]').uncheck();
    await page.getByRole('button', { name: 'Create key' }).click();
    await page.getByText('New test key “Reporting”').waitFor();
    const key = await page.getByTestId('new-key').inputValue();
    // Left shown: the next step of run.mjs dismisses the shown key first.
    const row = page.locator('tr', { hasText: 'Reporting' });
    await row.getByText('read', { exact: true }).waitFor();
    await shot('11b-developers-scopes');

    assert.equal((await fetch(`${baseUrl}/v1/users`, { headers: { 'x-api-key': key } })).status, 200);
    const refused = await fetch(`${baseUrl}/v1/users`, {
      method: 'POST',
      headers: { 'x-api-key': key, 'content-type': 'application/json' },
      body: JSON.stringify({ external_id: 'scoped-out' }),
    });
    assert.equal(refused.status, 403);
    assert.match((await refused.json()).detail, /'users:write'/);
  });
}
