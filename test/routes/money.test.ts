import { runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { CampaignObject } from '../../worker/durable-objects/campaign/campaign';
import { call, expectProblem, standardKey, workspace } from '../helpers';
import { campaignWithReferrer } from '../rewards-setup';

/** "Money you can trust": one example per behaviour of docs/money.md. */

let key: string;
let n = 0;
beforeAll(async () => {
  const ws = await workspace();
  key = await standardKey(ws.test.adminKey);
});
afterEach(() => vi.restoreAllMocks());

const usd = (amount: number) => ({ type: 'cash', amount, currency: 'USD' });
const both = (id: string) => ({ id, trigger: 'signup', recipients: { referrer: usd(500), referee: usd(300) } });
const post = (body: unknown) => call('POST', '/v1/referrals', { key, body });
const reasons = (res: { json: { reasons: { reason: string }[] } }) => res.json.reasons.map((r) => r.reason);
const rewardCount = async (referralId: string) =>
  (await env.DB.prepare('SELECT count(*) AS n FROM rewards WHERE referral_id = ?').bind(referralId).first<{ n: number }>())?.n;
const stub = (campaignId: string) => env.CAMPAIGN.getByName(campaignId);
/** A D1 batch that writes a referral: the campaign object's projection (the Worker's own writes never do). */
const isProjection = (statements: D1PreparedStatement[], referralId?: string) =>
  statements.some((st) => {
    const { statement, params } = st as unknown as { statement?: string; params?: unknown[] };
    return /insert into "referrals"/i.test(statement ?? '') && (referralId === undefined || (params ?? []).includes(referralId));
  });
/** D1 refuses the campaign objects' projections (of one referral, or all) until restored. */
function failProjections(referralId?: () => string | undefined) {
  const batch = env.DB.batch.bind(env.DB);
  const spy = vi.spyOn(env.DB, 'batch').mockImplementation((statements) =>
    isProjection(statements, referralId?.()) ? Promise.reject(new Error('D1 unavailable')) : batch(statements),
  );
  return () => spy.mockImplementation(batch);
}
async function dueNow(campaignId: string) {
  await runInDurableObject(stub(campaignId), (_o: CampaignObject, state) => {
    state.storage.sql.exec('UPDATE outbox_retry SET next_at = 0');
    return state.storage.setAlarm(Date.now() + 3_600_000);
  });
}

describe('every decision reaches the ledger', () => {
  it('two double-sided rules on one event: four rewards in D1, a retry is a duplicate of what D1 holds', async () => {
    n++;
    const { code, campaignId } = await campaignWithReferrer(key, `m${n}`, [both('a'), both('b')]);
    const res = await post({ code, type: 'signup', referee: { external_id: `m${n}-e` } });
    expect(res.status).toBe(201);
    expect(res.json.rewards).toHaveLength(4);
    expect(await rewardCount(res.json.id)).toBe(4);
    const again = await post({ code, type: 'signup', referee: { external_id: `m${n}-e` } });
    expect(again.status).toBe(200);
    expect(again.json.rewards.map((r: { id: string }) => r.id).sort()).toEqual(res.json.rewards.map((r: { id: string }) => r.id).sort());
    expect(await rewardCount(res.json.id)).toBe(4);
    expect((await call('GET', `/v1/campaigns/${campaignId}`, { key })).json.projection_lag).toMatchObject({ pending: 0, failing: 0 });
  });

  it('a projection D1 refuses answers with the decision, shows as lag, does not block other events, and lands on retry', async () => {
    n++;
    const { code, campaignId } = await campaignWithReferrer(key, `m${n}`, [both('a')]);
    const restore = failProjections();
    const failed = await post({ code, type: 'signup', referee: { external_id: `m${n}-1` } });
    restore();
    expect(failed.status).toBe(201);
    expect(failed.json.rewards).toHaveLength(2);
    expect(await rewardCount(failed.json.id)).toBe(0);
    const lag = (await call('GET', `/v1/campaigns/${campaignId}`, { key })).json.projection_lag;
    expect(lag).toMatchObject({ pending: 1, failing: 1, oldest_at: expect.any(String), last_error: 'D1 unavailable' });

    // The campaign's other events are not queued behind it.
    const next = await post({ code, type: 'signup', referee: { external_id: `m${n}-2` } });
    expect(next.status).toBe(201);
    expect(await rewardCount(next.json.id)).toBe(2);

    await dueNow(campaignId);
    expect(await runDurableObjectAlarm(stub(campaignId))).toBe(true);
    expect(await rewardCount(failed.json.id)).toBe(2);
    expect((await call('GET', `/v1/campaigns/${campaignId}`, { key })).json.projection_lag).toMatchObject({ pending: 0, failing: 0 });
  });

  it('a projection that keeps failing backs off, emits campaign.projection_lagging once, and lets the campaign’s other events go on', async () => {
    n++;
    const { code, campaignId } = await campaignWithReferrer(key, `m${n}`, [both('a')]);
    // Its projection fails on every retry (only this referral's; its id is known once answered).
    let stuckId: string | undefined;
    const restore = failProjections(() => stuckId);
    const stuck = await post({ code, type: 'signup', referee: { external_id: `m${n}-1` } });
    stuckId = stuck.json.id;
    expect(await rewardCount(stuck.json.id)).toBe(0);
    for (let i = 0; i < 3; i++) {
      await dueNow(campaignId);
      expect(await runDurableObjectAlarm(stub(campaignId))).toBe(true);
    }
    const retry = await runInDurableObject(stub(campaignId), (_o: CampaignObject, state) => state.storage.sql.exec<{ attempts: number; next_at: number }>('SELECT attempts, next_at FROM outbox_retry').one());
    expect(retry.attempts).toBe(4);
    expect(retry.next_at - Date.now()).toBeGreaterThan(200_000); // 30 s · 2^3
    const events = await env.DB.prepare("SELECT data FROM events WHERE type = 'campaign.projection_lagging' AND data LIKE ?").bind(`%${campaignId}%`).all();
    expect(events.results).toHaveLength(1);
    const other = await post({ code, type: 'signup', referee: { external_id: `m${n}-2` } });
    expect(await rewardCount(other.json.id)).toBe(2);

    restore();
    await dueNow(campaignId);
    expect(await runDurableObjectAlarm(stub(campaignId))).toBe(true);
    expect(await rewardCount(stuck.json.id)).toBe(2);
  });

  it('a refund arriving while its sale still waits for D1 cancels the sale\'s rewards (the sale is projected first)', async () => {
    n++;
    const { code, campaignId } = await campaignWithReferrer(key, `m${n}`, [{ id: 's', trigger: 'sale', recipients: { referrer: usd(500), referee: usd(200) } }]);
    const restore = failProjections();
    const sale = await post({ code, type: 'sale', amount: 5000, currency: 'USD', order_id: `m${n}-o`, referee: { external_id: `m${n}-e` } });
    restore();
    expect(sale.status).toBe(201);
    expect(await rewardCount(sale.json.id)).toBe(0);
    // D1 is back; the sale waits for its retry (backoff) when the refund comes in.
    expect((await post({ type: 'refund', order_id: `m${n}-o` })).status).toBe(201);
    const statuses = await env.DB.prepare('SELECT status FROM rewards WHERE referral_id = ?').bind(sale.json.id).all<{ status: string }>();
    expect(statuses.results.map((r) => r.status)).toEqual(['cancelled', 'cancelled']);
    await dueNow(campaignId);
    expect(await runDurableObjectAlarm(stub(campaignId))).toBe(true);
    const after = await env.DB.prepare('SELECT status FROM rewards WHERE referral_id = ?').bind(sale.json.id).all<{ status: string }>();
    expect(after.results.map((r) => r.status)).toEqual(['cancelled', 'cancelled']);
  });

  it('re-sending an event the campaign recorded restores what D1 lost (restore from backup), never twice', async () => {
    n++;
    const { code } = await campaignWithReferrer(key, `m${n}`, [both('a')]);
    const body = { code, type: 'sale', amount: 5000, currency: 'USD', order_id: `m${n}-o`, referee: { external_id: `m${n}-e` } };
    const first = await call('POST', '/v1/referrals', { key, body: { ...body, type: 'sale' } });
    expect(first.status).toBe(201);
    await env.DB.prepare('DELETE FROM rewards WHERE referral_id = ?').bind(first.json.id).run();
    await env.DB.prepare('DELETE FROM referrals WHERE id = ?').bind(first.json.id).run();
    const again = await post(body);
    expect(again.status).toBe(200);
    expect((await env.DB.prepare('SELECT count(*) AS n FROM referrals WHERE id = ?').bind(first.json.id).first<{ n: number }>())?.n).toBe(1);
    const signup = await post({ code, type: 'signup', referee: { external_id: `m${n}-e` } });
    await env.DB.prepare('DELETE FROM rewards WHERE referral_id = ?').bind(signup.json.id).run();
    await post({ code, type: 'signup', referee: { external_id: `m${n}-e` } });
    await post({ code, type: 'signup', referee: { external_id: `m${n}-e` } });
    expect(await rewardCount(signup.json.id)).toBe(2);
  });
});

describe('currencies and amounts', () => {
  it('takes ISO 4217 codes only, in every currency field', async () => {
    n++;
    const { code, referrerId } = await campaignWithReferrer(key, `m${n}`, [both('a')]);
    expectProblem(await post({ code, type: 'sale', amount: 100, currency: 'ABC', order_id: `m${n}-x` }), 400);
    expectProblem(await call('POST', '/v1/campaigns', { key, body: { name: 'x', budget: { amount: 1, currency: 'ZZZ' } } }), 400);
    expectProblem(await call('POST', '/v1/campaigns', { key, body: { name: 'x', rules: [{ id: 'a', trigger: 'signup', recipients: { referrer: { type: 'cash', amount: 1, currency: 'XXX' } } }] } }), 400);
    expectProblem(await call('POST', '/v1/rewards', { key, body: { user_id: referrerId, type: 'cash', amount: 1, currency: 'QQQ' } }), 400);
    expect((await call('POST', '/v1/rewards', { key, body: { user_id: referrerId, type: 'cash', amount: 1, currency: 'eur' } })).json.currency).toBe('EUR');
  });

  it('refuses amounts of 10^12 minor units or more, and fractions (manual rewards, sales, budgets, specs)', async () => {
    n++;
    const { code, referrerId } = await campaignWithReferrer(key, `m${n}`, [both('a')]);
    const manual = (amount: number) => call('POST', '/v1/rewards', { key, body: { user_id: referrerId, type: 'cash', amount, currency: 'USD' } });
    expect(expectProblem(await manual(1_000_000_000_000), 400).errors?.map((e) => e.field)).toEqual(['amount']);
    expectProblem(await manual(10.5), 400);
    expect((await manual(999_999_999_999)).status).toBe(201);
    expectProblem(await post({ code, type: 'sale', amount: 1_000_000_000_000, currency: 'USD', order_id: `m${n}-big` }), 400);
    expectProblem(await call('POST', '/v1/campaigns', { key, body: { name: 'x', budget: { amount: 1e12, currency: 'USD' } } }), 400);
    expectProblem(await call('POST', '/v1/campaigns', { key, body: { name: 'x', rules: [{ id: 'a', trigger: 'signup', recipients: { referrer: { type: 'credit', amount: 1e12, currency: 'USD' } } }] } }), 400);
  });

  it('a USD budget refuses a reward in another currency (currency_mismatch) instead of paying it unbounded', async () => {
    n++;
    const rules = [{ id: 'pct', trigger: 'sale', recipients: { referrer: { type: 'percentage', percent: 5 } } }];
    const { code } = await campaignWithReferrer(key, `m${n}`, rules, { budget: { amount: 100, currency: 'USD' } });
    const eur = await post({ code, type: 'sale', amount: 999_999_999_999, currency: 'EUR', order_id: `m${n}-eur` });
    expect(eur.json.rewards).toEqual([]);
    expect(reasons(eur)).toEqual(['currency_mismatch']);
    const over = await post({ code, type: 'sale', amount: 999_999_999_999, currency: 'USD', order_id: `m${n}-usd` });
    expect(reasons(over)).toEqual(['budget_exhausted']);
    const fits = await post({ code, type: 'sale', amount: 2000, currency: 'USD', order_id: `m${n}-ok` });
    expect(fits.json.rewards.map((r: { amount: number; currency: string }) => [r.amount, r.currency])).toEqual([[100, 'USD']]);
  });
});

describe('orders and refunds', () => {
  it('an order is one sale per environment: a second campaign gets 409, and the refund reverses the first', async () => {
    n++;
    const rule = { id: 's', trigger: 'sale', recipients: { referrer: usd(500), referee: usd(200) } };
    const a = await campaignWithReferrer(key, `m${n}a`, [rule]);
    const b = await campaignWithReferrer(key, `m${n}b`, [rule]);
    const sale = (c: string) => post({ code: c, type: 'sale', amount: 5000, currency: 'USD', order_id: `m${n}-o`, referee: { external_id: `m${n}-buyer${c}` } });
    const first = await sale(a.code);
    expect(first.status).toBe(201);
    const second = await sale(b.code);
    expect(expectProblem(second, 409).type).toMatch(/order-already-recorded$/);
    // Nothing of the refused sale was written: not even its referee.
    expect((await call('GET', `/v1/users/m${n}-buyer${b.code}`, { key })).status).toBe(404);
    expect((await sale(a.code)).status).toBe(200);

    // A full refund (no amount) reverses them; a partial one leaves fixed rewards whole (test/ledger/ledger.test.ts).
    const refund = await post({ type: 'refund', order_id: `m${n}-o` });
    expect(refund.status).toBe(201);
    for (const r of first.json.rewards) expect((await call('GET', `/v1/rewards/${r.id}`, { key })).json).toMatchObject({ status: 'cancelled', status_reason: 'refunded' });
    expect((await post({ type: 'refund', order_id: `m${n}-o`, amount: 1000, currency: 'USD' })).status).toBe(200);
  });

  it('a refund reverses an order rewarded in two campaigns by an older version (legacy data)', async () => {
    n++;
    const rule = { id: 's', trigger: 'sale', recipients: { referrer: usd(500) } };
    const a = await campaignWithReferrer(key, `m${n}a`, [rule]);
    const b = await campaignWithReferrer(key, `m${n}b`, [rule]);
    const order = `m${n}-legacy`;
    const first = await post({ code: a.code, type: 'sale', amount: 5000, currency: 'USD', order_id: order });
    // As if recorded before order claims existed: drop the claim, sell again in b.
    await env.DB.prepare('DELETE FROM order_claims WHERE order_id = ?').bind(order).run();
    const second = await post({ code: b.code, type: 'sale', amount: 5000, currency: 'USD', order_id: order });
    expect(second.status).toBe(201);
    expect((await post({ type: 'refund', order_id: order })).status).toBe(201);
    for (const r of [...first.json.rewards, ...second.json.rewards]) expect((await call('GET', `/v1/rewards/${r.id}`, { key })).json.status).toBe('cancelled');
  });
});

describe('conditions cannot be dodged by leaving a field out', () => {
  const cases: [string, Record<string, unknown>, Record<string, unknown>, string][] = [
    ['min_amount', { min_amount: 100 }, { type: 'signup' }, 'no_amount'],
    ['max_amount', { max_amount: 100 }, { type: 'signup' }, 'no_amount'],
    ['currency', { currency: 'USD' }, { type: 'signup' }, 'currency_mismatch'],
    ['first_purchase_only', { first_purchase_only: true }, { type: 'sale', amount: 5000, currency: 'USD', noReferee: true }, 'no_referee'],
    ['within_days_of_signup', { within_days_of_signup: 7 }, { type: 'sale', amount: 5000, currency: 'USD', noReferee: true }, 'no_referee_signup'],
    ['metadata_equals', { metadata_equals: { plan: 'pro' } }, { type: 'signup' }, 'metadata_mismatch'],
  ];
  for (const [name, conditions, event, reason] of cases) {
    it(`${name}: missing input → not met (${reason})`, async () => {
      n++;
      const trigger = event.type as string;
      const { code } = await campaignWithReferrer(key, `m${n}`, [{ id: 'c', trigger, conditions, recipients: { referrer: usd(100) } }]);
      const { noReferee, ...fields } = event;
      const body: Record<string, unknown> = { code, ...fields };
      if (!noReferee) body.referee = { external_id: `m${n}-e` };
      if (trigger === 'sale') body.order_id = `m${n}-o`;
      const res = await post(body);
      expect(res.status).toBe(201);
      expect(res.json.rewards).toEqual([]);
      expect(reasons(res)).toEqual([reason]);
    });
  }

  it('a percentage reward without an amount, and a referee reward without a referee, give nothing', async () => {
    n++;
    const { code } = await campaignWithReferrer(key, `m${n}`, [{ id: 'p', trigger: 'upgrade', recipients: { referrer: { type: 'percentage', percent: 10 }, referee: usd(100) } }]);
    const res = await post({ code, type: 'upgrade' });
    expect(res.json.rewards).toEqual([]);
    expect(reasons(res)).toEqual(['no_amount']);
  });
});
