import { env } from 'cloudflare:workers';
import { beforeEach, describe, expect, it } from 'vitest';
import { call, expectProblem, standardKey, workspace } from '../helpers';
import { billingEvents, connect, sendStripe, STRIPE_SECRET, SHOPIFY_SECRET } from '../integrations/helpers';
import { checkoutSession, stripeEvent } from '../integrations/stripe-fixtures';
import { campaignWithReferrer } from '../rewards-setup';

let n = 0;
let admin: string;
let liveAdmin: string;
let code: string;

beforeEach(async () => {
  n++;
  const ws = await workspace(`Integrations ${n}`);
  admin = ws.test.adminKey;
  liveAdmin = ws.live.adminKey;
  ({ code } = await campaignWithReferrer(admin, `in${n}`, [{ id: 'sale', trigger: 'sale', recipients: { referrer: { type: 'cash', amount: 500, currency: 'USD' } } }]));
});

async function environmentOf(key: string): Promise<string> {
  const { json } = await call('GET', '/v1/environment', { key });
  return json.id;
}

describe('connecting', () => {
  it('shows each provider, the URL to paste once connected, and counts by outcome', async () => {
    const before = await call('GET', '/v1/integrations', { key: admin });
    expect(before.json.data).toMatchObject([
      { provider: 'stripe', connected: false, url: null },
      { provider: 'shopify', connected: false, url: null },
    ]);
    const connected = await call('PUT', '/v1/integrations/stripe', { key: admin, body: { secret: STRIPE_SECRET } });
    expect(connected.status).toBe(200);
    expect(connected.json).toMatchObject({ provider: 'stripe', connected: true, counts: { matched: 0, unmatched: 0, ignored: 0, rejected: 0, waiting: 0 }, last_event_at: null });
    expect(connected.json.url).toMatch(/^https:\/\/api\.referrio\.test\/hooks\/stripe\/hk_[0-9A-Za-z]{40}$/);
    expect(JSON.stringify(connected.json)).not.toContain(STRIPE_SECRET);
    const listed = await call('GET', '/v1/integrations', { key: admin });
    expect(listed.json.data[0].url).toBe(connected.json.url);
  });

  it('issues a new URL on reconnect; the old one stops working', async () => {
    const first = await connect(admin, 'stripe', STRIPE_SECRET);
    const second = await connect(admin, 'stripe', STRIPE_SECRET);
    expect(second).not.toBe(first);
    expectProblem(await call('POST', first, { body: '{}', headers: { 'stripe-signature': 't=1,v1=00' } }), 404);
  });

  it('refuses a missing or short secret with 400 and stores nothing', async () => {
    const res = expectProblem(await call('PUT', '/v1/integrations/stripe', { key: admin, body: { secret: 'short' } }), 400);
    expect(res.errors?.[0]?.field).toBe('secret');
    expectProblem(await call('PUT', '/v1/integrations/paddle', { key: admin, body: { secret: STRIPE_SECRET } }), 404);
    const environmentId = await environmentOf(admin);
    expect((await env.DB.prepare('SELECT count(*) AS n FROM integrations WHERE environment_id = ?').bind(environmentId).first<{ n: number }>())?.n).toBe(0);
  });

  it('is for admin keys only', async () => {
    const server = await standardKey(admin);
    expectProblem(await call('GET', '/v1/integrations', { key: server }), 403);
    expectProblem(await call('PUT', '/v1/integrations/stripe', { key: server, body: { secret: STRIPE_SECRET } }), 403);
    expectProblem(await call('GET', '/v1/integrations/stripe/events', { key: server }), 403);
  });

  it('disconnects: the URL stops working', async () => {
    const path = await connect(admin, 'shopify', SHOPIFY_SECRET);
    expect((await call('DELETE', '/v1/integrations/shopify', { key: admin })).status).toBe(204);
    expectProblem(await call('POST', path, { body: '{}' }), 404);
  });
});

describe('modes', () => {
  it('never lets a test event touch live: rejected with 400, nothing recorded in live', async () => {
    const path = await connect(liveAdmin, 'stripe', STRIPE_SECRET);
    const res = await sendStripe(path, stripeEvent('checkout.session.completed', checkoutSession({ clientReferenceId: `live-${n}`, metadata: { referrio_code: 'ANY' } })));
    expect(expectProblem(res, 400).type).toMatch(/wrong-mode$/);
    expect((await call('GET', '/v1/referrals?per_page=1', { key: liveAdmin })).json.meta.total).toBe(0);
    expect((await call('GET', '/v1/users?per_page=1', { key: liveAdmin })).json.meta.total).toBe(0);
    expect((await billingEvents(liveAdmin, 'stripe')).data).toMatchObject([{ outcome: 'rejected', reason: 'wrong-mode' }]);
  });
});

describe('the signed sample', () => {
  it('sends a Stripe checkout through the real endpoint and it is matched', async () => {
    await connect(admin, 'stripe', STRIPE_SECRET);
    const res = await call('POST', '/v1/integrations/stripe/sample', { key: admin, body: {} });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ type: 'checkout.session.completed', outcome: 'matched', replay: false });
    const sale = (await call('GET', `/v1/referrals/${res.json.referral_id}`, { key: admin })).json;
    expect(sale).toMatchObject({ type: 'sale', amount: 4999, currency: 'USD' });
    const status = (await call('GET', '/v1/integrations', { key: admin })).json.data[0];
    expect(status.counts.matched).toBe(1);
    expect(status.last_event_at).toBeTruthy();
  });

  it('sends a Shopify order carrying the given code', async () => {
    await connect(admin, 'shopify', SHOPIFY_SECRET);
    const res = await call('POST', '/v1/integrations/shopify/sample', { key: admin, body: { code } });
    expect(res.json).toMatchObject({ type: 'orders/paid', outcome: 'matched' });
  });

  it('refuses a sample before connecting (404) and in live (409)', async () => {
    expectProblem(await call('POST', '/v1/integrations/stripe/sample', { key: admin, body: {} }), 404);
    await connect(liveAdmin, 'stripe', STRIPE_SECRET);
    expectProblem(await call('POST', '/v1/integrations/stripe/sample', { key: liveAdmin, body: {} }), 409);
  });
});

describe('the event list', () => {
  it('pages through several hundred events at the largest page, newest first by default order', async () => {
    const environmentId = await environmentOf(admin);
    const rows = Array.from({ length: 320 }, (_, i) => ({
      id: `bev_${n}_${String(i).padStart(4, '0')}`,
      outcome: ['matched', 'unmatched', 'ignored', 'rejected'][i % 4] as string,
      at: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
    }));
    const statements = rows.map((r, i) =>
      env.DB.prepare("INSERT INTO billing_events (id, environment_id, provider, external_id, type, outcome, created_at, updated_at) VALUES (?, ?, 'stripe', ?, 'invoice.paid', ?, ?, ?)").bind(
        r.id,
        environmentId,
        `evt_${n}_${i}`,
        r.outcome,
        r.at,
        r.at,
      ),
    );
    await env.DB.batch(statements);
    const first = await billingEvents(admin, 'stripe', '?per_page=250');
    const second = await billingEvents(admin, 'stripe', '?per_page=250&page=2');
    expect(first.meta.total).toBe(320);
    expect(first.data).toHaveLength(250);
    expect(second.data).toHaveLength(70);
    expect(new Set([...first.data, ...second.data].map((e) => e.id)).size).toBe(320);
    const unmatched = await billingEvents(admin, 'stripe', '?per_page=250&filters[0][field]=outcome&filters[0][operator]=equal&filters[0][value]=unmatched');
    expect(unmatched.meta.total).toBe(80);
    const status = (await call('GET', '/v1/integrations', { key: admin })).json.data[0];
    expect(status.counts).toEqual({ matched: 80, unmatched: 80, ignored: 80, rejected: 80, waiting: 0 });
  });
});

describe('codes as coupons on POST /v1/referrals', () => {
  it("attributes a sale whose coupon is a referrer's code, with no code and no click", async () => {
    const res = await call('POST', '/v1/referrals', { key: admin, body: { type: 'sale', coupon: code.toLowerCase(), referee: { external_id: `c-${n}` }, amount: 3000, currency: 'USD', order_id: `o-${n}` } });
    expect(res.status).toBe(201);
    expect(res.json.status).toBe('qualified');
    expect(res.json.rewards).toHaveLength(1);
  });

  it('refuses a coupon that is no referrer code when nothing else names the referrer, and records nothing', async () => {
    const res = expectProblem(await call('POST', '/v1/referrals', { key: admin, body: { type: 'sale', coupon: 'SUMMER10', amount: 3000, currency: 'USD', order_id: `o2-${n}` } }), 422);
    expect(res.type).toMatch(/unknown-coupon$/);
    expect((await call('GET', '/v1/referrals?per_page=1', { key: admin })).json.meta.total).toBe(0);
  });
});
