import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { call, expectProblem, standardKey, workspace } from '../helpers';

let key: string;
let n = 0;

beforeAll(async () => {
  const ws = await workspace();
  key = await standardKey(ws.test.adminKey);
});

/** A live campaign with these rules and a fresh referrer in it. */
async function setup(rules: unknown[], extra: Record<string, unknown> = {}) {
  n++;
  const campaign = await call('POST', '/v1/campaigns', { key, body: { name: `C${n}`, status: 'live', landing_url: 'https://shop.example.com/', rules, ...extra } });
  if (campaign.status !== 201) throw new Error(JSON.stringify(campaign.json));
  const referrer = await call('POST', '/v1/users', { key, body: { external_id: `referrer-${n}`, email: `referrer${n}@example.com`, name: 'Rae', campaign_id: campaign.json.id } });
  return { campaignId: campaign.json.id as string, code: referrer.json.referral_code as string, referrerId: referrer.json.id as string };
}

const log = (body: Record<string, unknown>, headers?: Record<string, string>) => call('POST', '/v1/referrals', { key, body, headers });
const reasons = (res: { json: { reasons: { reason: string }[] } }) => res.json.reasons.map((r) => r.reason);

const signupRule = { id: 'signup', trigger: 'signup', recipients: { referrer: { type: 'cash', amount: 500, currency: 'USD' }, referee: { type: 'credit', amount: 1000, currency: 'USD' } } };
const saleRule = { id: 'sale', trigger: 'sale', conditions: { min_amount: 5000 }, recipients: { referrer: { type: 'percentage', percent: 10, max_amount: 2000 } } };

describe('POST /v1/referrals: signups', () => {
  it('creates the referee under the referrer and rewards both sides', async () => {
    const { code, referrerId } = await setup([signupRule]);
    const res = await log({ code, type: 'signup', referee: { external_id: 'friend-1', email: 'friend1@example.com', name: 'Fay' } });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ object: 'referral', type: 'signup', status: 'qualified', referrer_id: referrerId, reasons: [] });
    expect(res.json.rewards.map((r: { recipient: string; type: string; amount: number; status: string }) => [r.recipient, r.type, r.amount, r.status])).toEqual([
      ['referrer', 'cash', 500, 'approved'],
      ['referee', 'credit', 1000, 'approved'],
    ]);
    const referee = await call('GET', '/v1/users/friend-1', { key });
    expect(referee.json).toMatchObject({ referrer_id: referrerId, referred_by: code, source: 'referred' });
    expect(res.json.referee_id).toBe(referee.json.id);
  });

  it('answers a repeated signup with 200 and the first result, never a second reward', async () => {
    const { code } = await setup([signupRule]);
    const body = { code, type: 'signup', referee: { external_id: 'friend-2' } };
    const first = await log(body);
    const second = await log(body);
    expect(second.status).toBe(200);
    expect(second.json).toEqual(first.json);
    const stored = await env.DB.prepare('SELECT count(*) AS n FROM rewards WHERE referral_id = ?').bind(first.json.id).first<{ n: number }>();
    expect(stored?.n).toBe(2);
  });

  it('rejects a self-referral by external id or by email, with a reason and no reward', async () => {
    const { code } = await setup([signupRule]);
    const byId = await log({ code, type: 'signup', referee: { external_id: `referrer-${n}` } });
    const byEmail = await log({ code, type: 'signup', referee: { external_id: 'sneaky', email: `REFERRER${n}@example.com` } });
    for (const res of [byId, byEmail]) {
      expect(res.status).toBe(201);
      expect(res.json.status).toBe('rejected');
      expect(reasons(res)).toEqual(['self_referral']);
      expect(res.json.rewards).toEqual([]);
    }
  });

  it('keeps a referee with their first referrer', async () => {
    const a = await setup([signupRule]);
    const b = await setup([signupRule]);
    await log({ code: a.code, type: 'signup', referee: { external_id: 'popular' } });
    const res = await log({ code: b.code, type: 'signup', referee: { external_id: 'popular' } });
    expect(reasons(res)).toEqual(['already_referred']);
    expect((await call('GET', '/v1/users/popular', { key })).json.referrer_id).toBe(a.referrerId);
  });

  it('refuses a referee referring their own referrer back', async () => {
    const { code } = await setup([signupRule]);
    const child = await log({ code, type: 'signup', referee: { external_id: 'child' } });
    const childUser = await call('GET', `/v1/users/${child.json.referee_id}`, { key });
    const res = await log({ code: childUser.json.referral_code, type: 'signup', referee: { external_id: `referrer-${n}` } });
    expect(reasons(res)).toEqual(['circular_referral']);
  });

  it('records but does not reward events of a paused campaign', async () => {
    const { code, campaignId } = await setup([signupRule]);
    await call('PATCH', `/v1/campaigns/${campaignId}`, { key, body: { status: 'paused' } });
    const res = await log({ code, type: 'signup', referee: { external_id: 'paused-friend' } });
    expect(res.status).toBe(201);
    expect(reasons(res)).toEqual(['campaign_paused']);
  });
});

describe('POST /v1/referrals: sales and refunds', () => {
  it('explains a sale below the minimum and rewards one at exactly the minimum', async () => {
    const { code } = await setup([saleRule]);
    const below = await log({ code, type: 'sale', amount: 4999, currency: 'usd', order_id: 'o-below' });
    const exact = await log({ code, type: 'sale', amount: 5000, currency: 'USD', order_id: 'o-exact' });
    expect(reasons(below)).toEqual(['below_min_amount']);
    expect(below.json.status).toBe('not_qualified');
    expect(exact.json.rewards).toMatchObject([{ type: 'cash', amount: 500, currency: 'USD' }]);
  });

  it('caps a percentage reward', async () => {
    const { code } = await setup([saleRule]);
    const res = await log({ code, type: 'sale', amount: 100_000, currency: 'EUR', order_id: 'o-big' });
    expect(res.json.rewards[0]).toMatchObject({ amount: 2000, currency: 'EUR' });
  });

  it('attributes a sale logged by the referee alone to their referrer', async () => {
    const { code, referrerId } = await setup([signupRule, saleRule]);
    await log({ code, type: 'signup', referee: { external_id: 'buyer' } });
    const res = await log({ type: 'sale', referee: { external_id: 'buyer' }, amount: 6000, currency: 'USD', order_id: 'o-by-referee' });
    expect(res.status).toBe(201);
    expect(res.json.referrer_id).toBe(referrerId);
    expect(res.json.rewards).toHaveLength(1);
  });

  it('answers 422 for a referee with no referrer', async () => {
    await call('POST', '/v1/users', { key, body: { external_id: 'loner' } });
    expectProblem(await log({ type: 'sale', referee: { external_id: 'loner' }, amount: 100, currency: 'USD', order_id: 'o-loner' }), 422);
  });

  it('never rewards the same order twice', async () => {
    const { code } = await setup([saleRule]);
    const first = await log({ code, type: 'sale', amount: 9000, currency: 'USD', order_id: 'o-once' });
    const again = await log({ code, type: 'sale', amount: 9000, currency: 'USD', order_id: 'o-once' });
    expect(again.status).toBe(200);
    expect(again.json.id).toBe(first.json.id);
  });

  it('claws back unpaid rewards on refund and flags paid ones for review', async () => {
    const { code } = await setup([{ ...saleRule, recipients: { referrer: { type: 'cash', amount: 700, currency: 'USD' }, referee: { type: 'cash', amount: 300, currency: 'USD' } } }]);
    const sale = await log({ code, type: 'sale', amount: 8000, currency: 'USD', order_id: 'o-refund', referee: { external_id: 'refunder' } });
    const [toReferrer, toReferee] = sale.json.rewards;
    await env.DB.prepare("UPDATE rewards SET status = 'paid' WHERE id = ?").bind(toReferee.id).run();
    const refund = await log({ type: 'refund', order_id: 'o-refund' });
    expect(refund.status).toBe(201);
    expect(refund.json).toMatchObject({ type: 'refund', refund_of: sale.json.id });
    const after = await call('GET', `/v1/referrals/${sale.json.id}`, { key });
    expect(after.json.status).toBe('refunded');
    const byId = Object.fromEntries(after.json.rewards.map((r: { id: string }) => [r.id, r]));
    expect(byId[toReferrer.id]).toMatchObject({ status: 'cancelled', status_reason: 'refunded' });
    expect(byId[toReferee.id]).toMatchObject({ status: 'paid', needs_review: true });
  });

  it('refuses a refund for an unknown order with 422', async () => {
    expectProblem(await log({ type: 'refund', order_id: 'never-sold' }), 422);
  });
});

describe('rules in practice', () => {
  it('keeps the rules version a reward was made under', async () => {
    const { code, campaignId } = await setup([saleRule]);
    const before = await log({ code, type: 'sale', amount: 5000, currency: 'USD', order_id: 'v-1' });
    await call('PATCH', `/v1/campaigns/${campaignId}`, { key, body: { rules: [{ ...saleRule, recipients: { referrer: { type: 'points', points: 50 } } }] } });
    const after = await log({ code, type: 'sale', amount: 5000, currency: 'USD', order_id: 'v-2' });
    expect(before.json.rewards[0]).toMatchObject({ type: 'cash', rules_version: 1 });
    expect(after.json.rewards[0]).toMatchObject({ type: 'points', points: 50, rules_version: 2 });
    const versions = await env.DB.prepare('SELECT version FROM campaign_rule_versions WHERE campaign_id = ? ORDER BY version').bind(campaignId).all();
    expect(versions.results.map((r) => r.version)).toEqual([1, 2]);
  });

  it('holds manual-approval rewards as pending, and cash for the hold period', async () => {
    const { code } = await setup([
      { id: 'manual', trigger: 'sale', approval: 'manual', recipients: { referrer: { type: 'points', points: 10 } } },
      { id: 'held', trigger: 'sale', hold_days: 14, recipients: { referrer: { type: 'cash', amount: 100, currency: 'USD' } } },
    ]);
    const res = await log({ code, type: 'sale', amount: 1, currency: 'USD', order_id: 'held-1' });
    expect(res.json.rewards[0]).toMatchObject({ status: 'pending', status_reason: 'awaiting_approval' });
    expect(res.json.rewards[1]).toMatchObject({ status: 'pending', status_reason: 'on_hold' });
    const holdDays = (Date.parse(res.json.rewards[1].hold_until) - Date.now()) / 86_400_000;
    expect(holdDays).toBeGreaterThan(13.9);
    expect(holdDays).toBeLessThanOrEqual(14);
  });

  it('stops at the budget, paying its last cent but not one more', async () => {
    const { code } = await setup([{ id: 'flat', trigger: 'sale', recipients: { referrer: { type: 'cash', amount: 400, currency: 'USD' } } }], { budget: { amount: 1000, currency: 'USD' } });
    const results = [];
    for (let i = 0; i < 3; i++) results.push(await log({ code, type: 'sale', amount: 1, currency: 'USD', order_id: `b-${i}` }));
    expect(results.map((r) => r.json.rewards.length)).toEqual([1, 1, 0]);
    expect(reasons(results[2] as never)).toEqual(['budget_exhausted']);
  });

  it('lists events with filters and fetches one', async () => {
    const { code, referrerId } = await setup([saleRule]);
    await log({ code, type: 'sale', amount: 6000, currency: 'USD', order_id: 'list-1' });
    const list = await call('GET', `/v1/referrals?filters[0][field]=referrer_id&filters[0][value]=${referrerId}`, { key });
    expect(list.json.data).toHaveLength(1);
    expect(list.json.data[0].rewards).toHaveLength(1);
    expect((await call('GET', `/v1/referrals/${list.json.data[0].id}`, { key })).json).toEqual(list.json.data[0]);
    expectProblem(await call('GET', '/v1/referrals/ref_nope', { key }), 404);
  });
});

describe('bad input to /v1/referrals', () => {
  const cases: [string, Record<string, unknown>, string][] = [
    ['negative amount', { code: 'X', type: 'sale', amount: -1, currency: 'USD', order_id: 'x' }, 'amount'],
    ['fractional amount', { code: 'X', type: 'sale', amount: 10.5, currency: 'USD', order_id: 'x' }, 'amount'],
    ['bad currency', { code: 'X', type: 'sale', amount: 10, currency: 'DOLLARS', order_id: 'x' }, 'currency'],
    ['sale without order id', { code: 'X', type: 'sale', amount: 10, currency: 'USD' }, 'order_id'],
    ['amount without currency', { code: 'X', type: 'sale', amount: 10, order_id: 'x' }, 'currency'],
    ['signup without referee', { code: 'X', type: 'signup' }, 'referee'],
    ['bad type', { code: 'X', type: 'Sale Made!' }, 'type'],
    ['bad occurred_at', { code: 'X', type: 'click', occurred_at: 'yesterday' }, 'occurred_at'],
  ];
  for (const [label, body, field] of cases) {
    it(`rejects ${label} with 400 naming ${field}`, async () => {
      const before = await env.DB.prepare('SELECT count(*) AS n FROM referrals').first<{ n: number }>();
      const problem = expectProblem(await log(body), 400);
      expect(problem.errors?.map((e) => e.field)).toContain(field);
      expect((await env.DB.prepare('SELECT count(*) AS n FROM referrals').first<{ n: number }>())?.n).toBe(before?.n);
    });
  }

  it('answers 422 for an unknown code', async () => {
    expectProblem(await log({ code: 'NOPE-123456', type: 'signup', referee: { external_id: 'x' } }), 422);
  });
});
