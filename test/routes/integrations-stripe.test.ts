import { env } from 'cloudflare:workers';
import { beforeEach, describe, expect, it } from 'vitest';
import { call, expectProblem, workspace } from '../helpers';
import { billingEvents, connect, sendStripe, STRIPE_SECRET, stripeHeader } from '../integrations/helpers';
import { charge, checkoutSession, dispute, invoice, stripeEvent } from '../integrations/stripe-fixtures';
import { campaignWithReferrer } from '../rewards-setup';
import { countingD1, send } from '../share-links';

const usd = (amount: number) => ({ type: 'cash', amount, currency: 'USD' });
const saleRule = { id: 'sale', trigger: 'sale', recipients: { referrer: usd(500), referee: usd(200) } };

let n = 0;
let admin: string;
let path: string;
let code: string;

beforeEach(async () => {
  n++;
  admin = (await workspace(`Stripe ${n}`)).test.adminKey;
  ({ code } = await campaignWithReferrer(admin, `st${n}`, [saleRule]));
  path = await connect(admin, 'stripe', STRIPE_SECRET);
});

const referral = async (id: string) => (await call('GET', `/v1/referrals/${id}`, { key: admin })).json;
const referralCount = async () => (await call('GET', '/v1/referrals?per_page=1', { key: admin })).json.meta.total as number;

describe('checkout.session.completed', () => {
  it('logs a sale for the referrer named in metadata, with the session as order', async () => {
    const session = checkoutSession({ amount: 12000, clientReferenceId: `cust-${n}`, metadata: { referrio_code: code } });
    const res = await sendStripe(path, stripeEvent('checkout.session.completed', session));
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ outcome: 'matched', replay: false });
    const sale = await referral(res.json.referral_id);
    expect(sale).toMatchObject({ type: 'sale', status: 'qualified', amount: 12000, currency: 'USD', order_id: session.id });
    expect(sale.rewards.map((r: { recipient: string }) => r.recipient).sort()).toEqual(['referee', 'referrer']);
    const listed = await billingEvents(admin, 'stripe');
    expect(listed.data[0]).toMatchObject({ type: 'checkout.session.completed', outcome: 'matched', referral_id: sale.id, order_id: session.id });
    expect(listed.data[0]?.referral_url).toMatch(new RegExp(`/v1/referrals/${sale.id}$`));
  });

  it("attributes by a coupon whose id is a referrer's code, with no metadata and no click", async () => {
    const session = checkoutSession({ clientReferenceId: `coupon-${n}`, discounts: [{ coupon: code.toLowerCase(), promotion_code: 'promo_1QabcDEF' }] });
    const res = await sendStripe(path, stripeEvent('checkout.session.completed', session));
    expect(res.json.outcome).toBe('matched');
    const sale = await referral(res.json.referral_id);
    const referrer = (await call('GET', `/v1/users?filters[0][field]=referral_code&filters[0][operator]=equal&filters[0][value]=${code}`, { key: admin })).json.data[0];
    expect(sale.referrer_id).toBe(referrer.id);
  });

  it('records a sale without any code as unmatched, and rewards nobody', async () => {
    const session = checkoutSession({ clientReferenceId: `nocode-${n}`, discounts: [{ coupon: 'SUMMER10', promotion_code: null }] });
    const res = await sendStripe(path, stripeEvent('checkout.session.completed', session));
    expect(res.json).toMatchObject({ outcome: 'unmatched', referral_id: null });
    expect(res.json.reason).toMatch(/no-code/);
    expect(await referralCount()).toBe(0);
  });

  it('records a currency Referrio does not take as unmatched, naming it', async () => {
    const session = checkoutSession({ currency: 'xts', metadata: { referrio_code: code }, clientReferenceId: `xts-${n}` });
    const res = await sendStripe(path, stripeEvent('checkout.session.completed', session));
    expect(res.json.outcome).toBe('unmatched');
    expect(res.json.reason).toMatch(/currency 'XTS'/);
    expect(await referralCount()).toBe(0);
  });
});

describe('subscriptions: invoice.paid', () => {
  it('counts the first invoice once with its session, and a renewal by Stripe customer', async () => {
    const customer = `cus_${n}Renew`;
    const session = checkoutSession({ mode: 'subscription', amount: 2900, customer, clientReferenceId: `sub-${n}`, metadata: { referrio_code: code } });
    const first = await sendStripe(path, stripeEvent('checkout.session.completed', session));
    expect(first.json.outcome).toBe('matched');
    const firstInvoice = await sendStripe(path, stripeEvent('invoice.paid', invoice({ id: session.invoice as string, customer, amount: 2900, billingReason: 'subscription_create', paymentIntent: `pi_first_${n}` })));
    // The same payment: the sale the session made, not a second one.
    expect(firstInvoice.json).toMatchObject({ outcome: 'matched', referral_id: first.json.referral_id });
    const renewal = await sendStripe(path, stripeEvent('invoice.paid', invoice({ customer, amount: 2900, billingReason: 'subscription_cycle' })));
    expect(renewal.json.outcome).toBe('matched');
    const sale = await referral(renewal.json.referral_id);
    expect(sale).toMatchObject({ type: 'sale', amount: 2900, metadata: { recurring: 'renewal', stripe_billing_reason: 'subscription_cycle' } });
    expect((await referral(first.json.referral_id)).referee_id).toBe(sale.referee_id);
    expect(await referralCount()).toBe(2);
  });

  it('records an invoice of an unknown customer as unmatched', async () => {
    const res = await sendStripe(path, stripeEvent('invoice.paid', invoice({ customer: 'cus_Unknown', amount: 2900, billingReason: 'subscription_cycle' })));
    expect(res.json).toMatchObject({ outcome: 'unmatched', reason: 'no-code (unknown customer)' });
  });
});

describe('refunds and disputes', () => {
  async function paidSale() {
    const session = checkoutSession({ amount: 10000, clientReferenceId: `refund-${n}`, metadata: { referrio_code: code } });
    const res = await sendStripe(path, stripeEvent('checkout.session.completed', session));
    return { saleId: res.json.referral_id as string, paymentIntent: session.payment_intent as string };
  }

  it('applies a partial refund, then the full refund, to the order the charge belongs to', async () => {
    const { saleId, paymentIntent } = await paidSale();
    const partial = charge({ paymentIntent, amount: 10000, amountRefunded: 2500 });
    const first = await sendStripe(path, stripeEvent('charge.refunded', partial, { previous_attributes: { amount_refunded: 0, refunded: false } }));
    expect(first.json.outcome).toBe('matched');
    const refund = await referral(first.json.referral_id);
    expect(refund).toMatchObject({ type: 'refund', refund_of: saleId, amount: 2500, currency: 'USD', metadata: { full: 'false', refunded_total: '2500' } });
    // A second partial refund of the same charge is its own refund, not a repeat of the first.
    const more = { ...partial, amount_refunded: 4000 };
    const second = await sendStripe(path, stripeEvent('charge.refunded', more, { previous_attributes: { amount_refunded: 2500 } }));
    expect(second.json.outcome).toBe('matched');
    expect(second.json.referral_id).not.toBe(first.json.referral_id);
    expect(await referral(second.json.referral_id)).toMatchObject({ type: 'refund', refund_of: saleId, amount: 1500 });
    // Fixed rewards stay whole while the order is partly refunded (docs/ledger.md).
    expect((await referral(saleId)).rewards.every((r: { status: string }) => r.status !== 'cancelled')).toBe(true);
    const full = { ...partial, amount_refunded: 10000, refunded: true };
    const third = await sendStripe(path, stripeEvent('charge.refunded', full, { previous_attributes: { amount_refunded: 4000, refunded: false } }));
    expect(third.json.outcome).toBe('matched');
    expect(await referral(third.json.referral_id)).toMatchObject({ type: 'refund', amount: 6000 });
    const sale = await referral(saleId);
    expect(sale.status).toBe('refunded');
    expect(sale.rewards.every((r: { status: string }) => r.status === 'cancelled')).toBe(true);
  });

  it('holds the unpaid rewards of a disputed order for review, cancelling nothing', async () => {
    const { saleId, paymentIntent } = await paidSale();
    const before = (await referral(saleId)).rewards as { id: string; status: string; needs_review: boolean }[];
    expect(before.map((r) => r.needs_review)).toEqual([false, false]);
    const res = await sendStripe(path, stripeEvent('charge.dispute.created', dispute({ paymentIntent, amount: 10000 })));
    expect(res.json).toMatchObject({ outcome: 'matched', referral_id: saleId, reason: 'held 2 unpaid reward(s) for review' });
    const sale = await referral(saleId);
    expect(sale.rewards).toHaveLength(2);
    for (const r of sale.rewards) expect(r).toMatchObject({ status: before.find((b) => b.id === r.id)?.status, needs_review: true });
    expect(before.every((r) => r.status === 'approved' || r.status === 'pending')).toBe(true);
  });

  it('keeps a refund that arrives before its sale, and applies it when the sale comes', async () => {
    const session = checkoutSession({ amount: 8000, clientReferenceId: `early-${n}`, metadata: { referrio_code: code } });
    const paymentIntent = session.payment_intent as string;
    const early = await sendStripe(path, stripeEvent('charge.refunded', charge({ paymentIntent, amount: 8000, amountRefunded: 8000 })));
    expect(early.json).toMatchObject({ outcome: 'waiting', reason: 'sale-not-received-yet' });
    expect(await referralCount()).toBe(0);
    const sale = await sendStripe(path, stripeEvent('checkout.session.completed', session));
    expect(sale.json.outcome).toBe('matched');
    expect((await referral(sale.json.referral_id)).status).toBe('refunded');
    const listed = await billingEvents(admin, 'stripe', '?filters[0][field]=type&filters[0][operator]=equal&filters[0][value]=charge.refunded');
    expect(listed.data[0]).toMatchObject({ outcome: 'matched', order_id: session.id });
  });
});

describe('delivery guarantees', () => {
  it('answers a replay 200 and changes nothing', async () => {
    const event = stripeEvent('checkout.session.completed', checkoutSession({ clientReferenceId: `replay-${n}`, metadata: { referrio_code: code } }));
    const first = await sendStripe(path, event);
    const again = await sendStripe(path, event);
    expect(again.status).toBe(200);
    expect(again.json).toMatchObject({ replay: true, id: first.json.id, outcome: 'matched', referral_id: first.json.referral_id });
    expect(await referralCount()).toBe(1);
    expect((await billingEvents(admin, 'stripe')).meta.total).toBe(1);
  });

  it('rejects a wrong signature with 400 and records only the rejection', async () => {
    const event = stripeEvent('checkout.session.completed', checkoutSession({ clientReferenceId: `forged-${n}`, metadata: { referrio_code: code } }));
    const res = await sendStripe(path, event, { secret: 'whsec_not_the_right_secret_at_all' });
    expect(expectProblem(res, 400).type).toMatch(/bad-signature$/);
    expect(await referralCount()).toBe(0);
    const listed = await billingEvents(admin, 'stripe');
    expect(listed.data).toHaveLength(1);
    expect(listed.data[0]).toMatchObject({ outcome: 'rejected', reason: 'bad-signature', external_id: null });
  });

  it('rejects a genuine signature older than five minutes', async () => {
    const event = stripeEvent('checkout.session.completed', checkoutSession({ clientReferenceId: `stale-${n}`, metadata: { referrio_code: code } }));
    const res = await sendStripe(path, event, { timestamp: Math.floor(Date.now() / 1000) - 301 });
    expect(expectProblem(res, 400).type).toMatch(/stale-timestamp$/);
    expect(await referralCount()).toBe(0);
  });

  it('accepts any of several v1 signatures, as during a secret rotation', async () => {
    const body = JSON.stringify(stripeEvent('checkout.session.completed', checkoutSession({ clientReferenceId: `rotate-${n}`, metadata: { referrio_code: code } })));
    const timestamp = Math.floor(Date.now() / 1000);
    const old = await stripeHeader(body, 'whsec_the_previous_secret_123456', timestamp);
    const current = await stripeHeader(body, STRIPE_SECRET, timestamp);
    const header = `${old},${current.split(',')[1]}`;
    const res = await call('POST', path, { body, headers: { 'stripe-signature': header } });
    expect(res.json.outcome).toBe('matched');
  });

  it('rejects a live event sent to the test environment', async () => {
    const event = stripeEvent('checkout.session.completed', checkoutSession({ clientReferenceId: `live-${n}`, metadata: { referrio_code: code } }), { livemode: true });
    const res = await sendStripe(path, event);
    expect(expectProblem(res, 400).type).toMatch(/wrong-mode$/);
    expect(await referralCount()).toBe(0);
    expect((await billingEvents(admin, 'stripe')).data[0]).toMatchObject({ outcome: 'rejected', reason: 'wrong-mode', type: 'checkout.session.completed' });
  });

  it('accepts and records an event Referrio does not use as ignored', async () => {
    const res = await sendStripe(path, stripeEvent('customer.updated', { id: 'cus_X', object: 'customer' }));
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ outcome: 'ignored', reason: 'Referrio does not use customer.updated' });
  });

  it('refuses a body over the limit with 413, and an unknown URL with 404', async () => {
    const big = JSON.stringify({ id: 'evt_big', padding: 'x'.repeat(300 * 1024) });
    expectProblem(await call('POST', path, { body: big, headers: { 'stripe-signature': await stripeHeader(big) } }), 413);
    expectProblem(await sendStripe(`/hooks/stripe/hk_${'0'.repeat(40)}`, stripeEvent('customer.updated', {})), 404);
    expect((await billingEvents(admin, 'stripe')).meta.total).toBe(0);
  });

  it('stores the signing secret encrypted', async () => {
    const rows = await env.DB.prepare('SELECT token_sealed, secret_sealed FROM integrations').all<{ token_sealed: string; secret_sealed: string }>();
    for (const row of rows.results) {
      expect(row.secret_sealed).toMatch(/^sealed:v1:/);
      expect(row.secret_sealed).not.toContain(STRIPE_SECRET);
      expect(row.token_sealed).not.toContain(path.split('/').pop());
    }
  });

  it('counts five concurrent deliveries of one event once', async () => {
    const event = stripeEvent('checkout.session.completed', checkoutSession({ clientReferenceId: `race-${n}`, metadata: { referrio_code: code } }));
    const answers = await Promise.all(Array.from({ length: 5 }, () => sendStripe(path, event)));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
    expect(new Set(answers.map((a) => a.json.referral_id)).size).toBe(1);
    expect(await referralCount()).toBe(1);
    expect((await billingEvents(admin, 'stripe')).meta.total).toBe(1);
  });

  it('applies a refund racing its sale, whichever lands first', async () => {
    const session = checkoutSession({ amount: 6000, clientReferenceId: `racing-${n}`, metadata: { referrio_code: code } });
    const refund = charge({ paymentIntent: session.payment_intent as string, amount: 6000, amountRefunded: 6000 });
    const [sale] = await Promise.all([sendStripe(path, stripeEvent('checkout.session.completed', session)), sendStripe(path, stripeEvent('charge.refunded', refund))]);
    expect((await referral(sale?.json.referral_id)).status).toBe('refunded');
    const refunds = await billingEvents(admin, 'stripe', '?filters[0][field]=type&filters[0][operator]=equal&filters[0][value]=charge.refunded');
    expect(refunds.data[0]?.outcome).toBe('matched');
  });

  it('holds a dispute that arrives before its sale, and applies it when the sale comes', async () => {
    const session = checkoutSession({ amount: 7000, clientReferenceId: `early-dispute-${n}`, metadata: { referrio_code: code } });
    const early = await sendStripe(path, stripeEvent('charge.dispute.created', dispute({ paymentIntent: session.payment_intent as string, amount: 7000 })));
    expect(early.json.outcome).toBe('waiting');
    const sale = await sendStripe(path, stripeEvent('checkout.session.completed', session));
    for (const r of (await referral(sale.json.referral_id)).rewards) expect(r.needs_review).toBe(true);
  });

  it('answers a replay in two D1 round trips and a forged delivery in two (find the endpoint; find or record the event)', async () => {
    const event = stripeEvent('checkout.session.completed', checkoutSession({ clientReferenceId: `trips-${n}`, metadata: { referrio_code: code } }));
    const body = JSON.stringify(event);
    await sendStripe(path, event);
    const counting = countingD1(env.DB);
    const replay = await send('POST', path, { body, headers: { 'stripe-signature': await stripeHeader(body) }, env: { DB: counting.db } });
    expect(replay.json.replay).toBe(true);
    expect(counting.counter.queries).toBe(2);
    counting.counter.queries = 0;
    const forged = await send('POST', path, { body, headers: { 'stripe-signature': await stripeHeader(body, 'whsec_forged_secret_00000000') }, env: { DB: counting.db } });
    expect(forged.status).toBe(400);
    expect(counting.counter.queries).toBe(2);
  });
});
