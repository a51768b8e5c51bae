// End-to-end steps of the referral widget (issue 17): the demo shop (scripts/lib/demo-shop.mjs) on its
// own origin embeds <referrio-referral>; Chromium renders it, copies the link, sees a referral logged
// through the API, switches language, enrols a new customer and shows the expired state.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startDemoShop } from '../../../scripts/lib/demo-shop.mjs';
import { freePorts } from '../server.mjs';

/** An admin key of the test environment, made with the signed-in dashboard session. */
async function adminKeyFrom(page) {
  return page.evaluate(async () => {
    const session = await fetch('/v1/auth/session').then((r) => r.json());
    const res = await fetch('/v1/api-keys', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-csrf-token': session.csrf_token, 'x-referrio-environment': 'test' },
      body: JSON.stringify({ name: 'e2e widget admin', role: 'admin' }),
    });
    return (await res.json()).key;
  });
}

/**
 * `page` is a signed-in dashboard page (or pass `adminKey`); screenshots go to `shotsDir`, and the
 * README's to `docsShotsDir` when given.
 */
export async function widgetSteps({ browser, page, baseUrl, step, shotsDir, docsShotsDir = null, adminKey = null }) {
  const key = adminKey ?? (await adminKeyFrom(page));
  const call = async (method, path, body) => {
    const res = await fetch(`${baseUrl}${path}`, { method, headers: { 'x-api-key': key, 'content-type': 'application/json' }, body: body && JSON.stringify(body) });
    return { status: res.status, json: await res.json() };
  };
  const [port] = await freePorts(1, 9600, 9699);
  const shop = await startDemoShop({ apiBase: baseUrl, adminKey: key, port });
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(shop.url).origin });
  const tab = await context.newPage();
  tab.setDefaultTimeout(20_000);
  const widget = tab.locator('referrio-referral');
  const ready = () => tab.locator('referrio-referral[state="ready"]').waitFor();
  try {
    let shareUrl = '';
    await step('widget: the demo shop shows the customer\'s code, link, QR code and masked referrals', async () => {
      await tab.goto(shop.url);
      await ready();
      const code = await widget.locator('[part="code"] strong').textContent();
      assert.match(code, /^JANE-/);
      shareUrl = await widget.getByRole('textbox', { name: 'Your referral link' }).inputValue();
      assert.equal(shareUrl, `${baseUrl}/r/${code}`);
      await widget.getByRole('img', { name: 'QR code of your referral link' }).waitFor();
      const referral = widget.locator('[part="referrals"] li', { hasText: 'Sam F.' });
      // Qualified when the campaign rewards signups (npm start's demo campaign), else signed up.
      assert.match(await referral.locator('[part~="status"]').textContent(), /^(Signed up|Qualified)$/);
      assert.equal(await widget.getByText('sam@demo.local').count(), 0, 'the referee email is never shown');
      for (const channel of ['Email', 'SMS', 'WhatsApp', 'X', 'LinkedIn', 'Facebook']) await widget.getByRole('link', { name: channel, exact: true }).waitFor();
    });

    await step('widget: copy (by keyboard) puts the link on the clipboard and announces it', async () => {
      await widget.getByRole('textbox', { name: 'Your referral link' }).focus();
      await tab.keyboard.press('Tab');
      await tab.keyboard.press('Enter');
      await widget.getByRole('status').filter({ hasText: 'Link copied' }).waitFor();
      assert.equal(await tab.evaluate(() => navigator.clipboard.readText()), shareUrl);
      await tab.screenshot({ path: join(shotsDir, '40-widget-desktop.png'), fullPage: true });
      if (docsShotsDir) await tab.screenshot({ path: join(docsShotsDir, 'widget.png'), fullPage: true });
    });

    await step('widget: a referral logged through the API shows up, its markup as text', async () => {
      const code = await widget.locator('[part="code"] strong').textContent();
      const logged = await call('POST', '/v1/referrals', { type: 'signup', code, referee: { external_id: `e2e-mia-${Date.now()}`, name: '<b>Mia</b> Markup', email: 'mia@example.com' } });
      assert.equal(logged.status, 201, JSON.stringify(logged.json));
      await tab.reload();
      await ready();
      await widget.locator('[part="referrals"] li', { hasText: '<b>Mia</b> M.' }).waitFor();
      assert.equal(await widget.locator('[part="referrals"] b').count(), 0, 'no element made from a name');
    });

    await step('widget: switching the shop to German re-renders the texts', async () => {
      await tab.locator('#lang').selectOption('de');
      await widget.getByRole('heading', { name: 'Freunde einladen, Prämien erhalten' }).waitFor();
      await widget.getByRole('button', { name: 'Link kopieren' }).waitFor();
      await widget.getByRole('heading', { name: 'Deine Empfehlungen' }).waitFor();
    });

    await step('widget: a customer who is not a referrer yet enrols with one click', async () => {
      const customer = `e2e-olga-${Date.now()}`;
      await tab.goto(`${shop.url}?customer=${customer}&name=${encodeURIComponent('Olga New')}`);
      await tab.locator('referrio-referral[state="not-enrolled"]').waitFor();
      await widget.getByRole('button', { name: 'Get my referral link' }).click();
      await ready();
      assert.match(await widget.locator('[part="code"] strong').textContent(), /^OLGA-/);
      await widget.getByText('No referrals yet. Share your link to get started.').waitFor();
      const user = await call('GET', `/v1/users/${customer}`);
      assert.equal(user.status, 200);
      assert.equal(user.json.name, 'Olga New');
    });

    await step('widget: a stale token shows the expired state and nothing of the customer', async () => {
      await tab.goto(`${shop.url}?stale=1`);
      await tab.locator('referrio-referral[state="expired"]').waitFor();
      await widget.getByRole('heading', { name: 'Your session has expired' }).waitFor();
      assert.equal(await widget.locator('[part="code"]').count(), 0);
      await tab.screenshot({ path: join(shotsDir, '41-widget-expired.png') });
    });

    await step('widget: at phone width the page stays usable', async () => {
      await tab.setViewportSize({ width: 390, height: 844 });
      await tab.goto(shop.url);
      await ready();
      const box = await widget.getByRole('button', { name: 'Copy link' }).boundingBox();
      assert.ok(box && box.x + box.width <= 390, 'the copy button fits the screen');
      await tab.screenshot({ path: join(shotsDir, '42-widget-phone.png'), fullPage: true });
      if (docsShotsDir) await tab.screenshot({ path: join(docsShotsDir, 'widget-phone.png'), fullPage: true });
    });
    if (page) {
      await step('dashboard: Developers shows the publishable key and the widget settings; the secret is shown once', async () => {
        await page.setViewportSize({ width: 1280, height: 900 });
        await page.goto('/developers');
        await page.locator('tr', { hasText: 'Demo shop widget' }).getByText('publishable').waitFor();
        const widgetSection = page.getByRole('region', { name: 'Referral widget' });
        // The environment has loaded once the secret's prefix shows; the origins field is filled from it.
        await widgetSection.getByText(/^Secret ws_/).waitFor();
        assert.match(await widgetSection.getByLabel('Allowed origins (one per line)').inputValue(), new RegExp(new URL(shop.url).origin));
        await widgetSection.getByLabel('Allowed origins (one per line)').fill('http://shop.example.com/path');
        await widgetSection.getByRole('button', { name: 'Save origins' }).click();
        await widgetSection.getByText('Must use https (http is allowed only on localhost).').waitFor();
        await page.screenshot({ path: join(shotsDir, '43-widget-settings.png'), fullPage: true });
      });
    }
  } finally {
    await context.close();
    await shop.close();
  }
}
