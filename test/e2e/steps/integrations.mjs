// e2e: the Integrations page — connect Stripe (the URL to paste appears), send the signed sample
// through the real endpoint and see it matched with a link to its referral; a delivery signed with
// another secret (by the official stripe package) is rejected and listed as such.
import assert from 'node:assert/strict';
import Stripe from 'stripe';

export async function integrationsSteps({ page, step, nav, shot }) {
  const viewport = page.viewportSize();
  await page.setViewportSize({ width: 1280, height: 900 });
  let url;
  await step('integrations: connect Stripe, send the sample, see it matched', async () => {
    await nav('Integrations').click();
    await page.getByRole('heading', { name: 'Integrations', level: 1 }).waitFor();
    const stripe = page.getByTestId('integration-stripe');
    await stripe.getByText('Not connected.').waitFor();
    await stripe.getByLabel('Stripe signing secret').fill('whsec_e2e_signing_secret_0123456789');
    await stripe.getByRole('button', { name: 'Connect Stripe' }).click();
    await page.getByText('Stripe connected: paste the endpoint URL into Stripe.').waitFor();
    url = await stripe.getByTestId('stripe-url').textContent();
    assert.match(url, /\/hooks\/stripe\/hk_[0-9A-Za-z]{40}$/);
    await stripe.getByRole('button', { name: 'Send sample' }).click();
    await page.getByText('Sample sent: matched.').waitFor();
    const row = stripe.locator('tr[data-outcome="matched"]').first();
    await row.getByText('checkout.session.completed').waitFor();
    assert.match(await row.getByTestId('referral-link').getAttribute('href'), /\/v1\/referrals\/ref_/);
    await stripe.getByTestId('stripe-status').getByText('1 matched').waitFor();
    await shot('30-integrations-stripe-matched');
  });

  await step('integrations: a delivery signed with another secret is a 400 and listed as rejected', async () => {
    const payload = JSON.stringify({ id: 'evt_e2e_forged', object: 'event', type: 'checkout.session.completed', livemode: false, data: { object: {} } });
    const header = Stripe.webhooks.generateTestHeaderString({ payload, secret: 'whsec_somebody_else' });
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'stripe-signature': header }, body: payload });
    assert.equal(res.status, 400, await res.clone().text());
    await page.reload();
    const stripe = page.getByTestId('integration-stripe');
    await stripe.locator('tr[data-outcome="rejected"]').first().getByText('bad-signature').waitFor();
    await stripe.getByTestId('stripe-status').getByText('1 rejected').waitFor();
  });
  await page.setViewportSize(viewport);
}
