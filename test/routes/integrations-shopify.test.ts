import { env } from 'cloudflare:workers';
import { beforeEach, describe, expect, it } from 'vitest';
import { call, expectProblem, workspace } from '../helpers';
import { billingEvents, connect, SHOPIFY_SECRET, sendShopify } from '../integrations/helpers';
import { customerRedact, dataRequest, paidOrder, refundOf, shopRedact } from '../integrations/shopify-fixtures';
import { campaignWithReferrer } from '../rewards-setup';

const saleRule = { id: 'sale', trigger: 'sale', recipients: { referrer: { type: 'percentage', percent: 10 } } };

let n = 0;
let admin: string;
let path: string;
let code: string;

beforeEach(async () => {
  n++;
  admin = (await workspace(`Shopify ${n}`)).test.adminKey;
  ({ code } = await campaignWithReferrer(admin, `sh${n}`, [saleRule]));
  path = await connect(admin, 'shopify', SHOPIFY_SECRET);
});

const referral = async (id: string) => (await call('GET', `/v1/referrals/${id}`, { key: admin })).json;
const referralCount = async () => (await call('GET', '/v1/referrals?per_page=1', { key: admin })).json.meta.total as number;
const userByExternalId = (externalId: string) => call('GET', `/v1/users/${encodeURIComponent(externalId)}`, { key: admin });

describe('orders/paid', () => {
  it("attributes an order by a discount code that is a referrer's code", async () => {
    const order = paidOrder({ total: '120.50', discountCodes: ['WELCOME5', code.toLowerCase()] });
    const res = await sendShopify(path, 'orders/paid', `wh-${n}-1`, order);
    expect(res.status).toBe(200);
    expect(res.json.outcome).toBe('matched');
    const sale = await referral(res.json.referral_id);
    expect(sale).toMatchObject({ type: 'sale', amount: 12050, currency: 'USD', order_id: `shopify:${order.id}` });
    expect(sale.rewards[0]).toMatchObject({ type: 'cash', amount: 1205 });
    expect((await userByExternalId(`shopify:${order.customer?.id}`)).status).toBe(200);
  });

  it('attributes by a referrio_code note attribute, in a currency without minor units', async () => {
    const res = await sendShopify(path, 'orders/paid', `wh-${n}-2`, paidOrder({ total: '5400', currency: 'JPY', noteCode: code }));
    expect(res.json.outcome).toBe('matched');
    expect(await referral(res.json.referral_id)).toMatchObject({ amount: 5400, currency: 'JPY' });
  });

  it('attributes a later order by the customer alone', async () => {
    const first = paidOrder({ total: '10.00', discountCodes: [code] });
    await sendShopify(path, 'orders/paid', `wh-${n}-3`, first);
    const again = await sendShopify(path, 'orders/paid', `wh-${n}-4`, paidOrder({ total: '20.00', customerId: first.customer?.id }));
    expect(again.json.outcome).toBe('matched');
    expect(await referralCount()).toBe(2);
  });

  it('records an order with no code and an unknown customer as unmatched', async () => {
    const res = await sendShopify(path, 'orders/paid', `wh-${n}-5`, paidOrder({ total: '10.00', discountCodes: ['WELCOME5'] }));
    expect(res.json.outcome).toBe('unmatched');
    expect(await referralCount()).toBe(0);
  });
});

describe('refunds/create', () => {
  it('applies a refund to its order, and a refund before its order once the order arrives', async () => {
    const order = paidOrder({ total: '50.00', discountCodes: [code] });
    const early = await sendShopify(path, 'refunds/create', `wh-${n}-r1`, refundOf(order.id, '50.00'));
    expect(early.json.outcome).toBe('waiting');
    const sale = await sendShopify(path, 'orders/paid', `wh-${n}-r2`, order);
    expect((await referral(sale.json.referral_id)).status).toBe('refunded');
    const refunds = await billingEvents(admin, 'shopify', '?filters[0][field]=type&filters[0][operator]=equal&filters[0][value]=refunds/create');
    expect(refunds.data[0]).toMatchObject({ outcome: 'matched', order_id: `shopify:${order.id}` });
  });

  it('applies a partial refund with its amount', async () => {
    const order = paidOrder({ total: '50.00', discountCodes: [code] });
    const sale = await sendShopify(path, 'orders/paid', `wh-${n}-p1`, order);
    const res = await sendShopify(path, 'refunds/create', `wh-${n}-p2`, refundOf(order.id, '12.34'));
    expect(await referral(res.json.referral_id)).toMatchObject({ type: 'refund', refund_of: sale.json.referral_id, amount: 1234, currency: 'USD' });
    // A second refund of the order (its own refund id) counts too; its redelivery does not.
    const second = refundOf(order.id, '5.00');
    const again = await sendShopify(path, 'refunds/create', `wh-${n}-p3`, second);
    expect(again.json.referral_id).not.toBe(res.json.referral_id);
    expect(await referral(again.json.referral_id)).toMatchObject({ type: 'refund', refund_of: sale.json.referral_id, amount: 500 });
    const redelivered = await sendShopify(path, 'refunds/create', `wh-${n}-p3`, second);
    expect(redelivered.json.referral_id).toBe(again.json.referral_id);
  });
});

describe('privacy webhooks', () => {
  it('erases the customer on customers/redact, with the erasure DELETE /v1/users does', async () => {
    const order = paidOrder({ total: '10.00', discountCodes: [code] });
    await sendShopify(path, 'orders/paid', `wh-${n}-x1`, order);
    const customerId = order.customer?.id as number;
    const user = (await userByExternalId(`shopify:${customerId}`)).json;
    const res = await sendShopify(path, 'customers/redact', `wh-${n}-x2`, customerRedact(customerId));
    expect(res.json).toMatchObject({ outcome: 'matched', reason: 'erased 1 user(s)' });
    expect((await userByExternalId(`shopify:${customerId}`)).status).toBe(404);
    const erased = await env.DB.prepare('SELECT external_id, email, name, deleted_at FROM users WHERE id = ?').bind(user.id).first();
    expect(erased).toMatchObject({ external_id: null, email: null, name: null });
    expect(erased?.deleted_at).toBeTruthy();
  });

  it('answers customers/data_request with the user to export, and shop/redact erases every Shopify customer', async () => {
    const order = paidOrder({ total: '10.00', discountCodes: [code] });
    await sendShopify(path, 'orders/paid', `wh-${n}-d1`, order);
    const customerId = order.customer?.id as number;
    const user = (await userByExternalId(`shopify:${customerId}`)).json;
    const request = await sendShopify(path, 'customers/data_request', `wh-${n}-d2`, dataRequest(customerId));
    expect(request.json).toMatchObject({ outcome: 'matched', reason: `data request: export user ${user.id}` });
    const shop = await sendShopify(path, 'shop/redact', `wh-${n}-d3`, shopRedact());
    expect(shop.json).toMatchObject({ outcome: 'matched', reason: 'shop redacted: erased 1 user(s)' });
    expect((await userByExternalId(`shopify:${customerId}`)).status).toBe(404);
  });
});

describe('verification', () => {
  it('rejects a wrong HMAC with 400 and records only the rejection', async () => {
    const res = await sendShopify(path, 'orders/paid', `wh-${n}-bad`, paidOrder({ total: '10.00', discountCodes: [code] }), { secret: 'not-the-app-secret' });
    expect(expectProblem(res, 400).type).toMatch(/bad-signature$/);
    expect(await referralCount()).toBe(0);
    expect((await billingEvents(admin, 'shopify')).data).toMatchObject([{ outcome: 'rejected', reason: 'bad-signature' }]);
  });

  it('answers a redelivery of the same webhook id 200 and changes nothing', async () => {
    const order = paidOrder({ total: '10.00', discountCodes: [code] });
    const first = await sendShopify(path, 'orders/paid', `wh-${n}-same`, order);
    const again = await sendShopify(path, 'orders/paid', `wh-${n}-same`, order);
    expect(again.json).toMatchObject({ replay: true, id: first.json.id });
    expect(await referralCount()).toBe(1);
  });
});
