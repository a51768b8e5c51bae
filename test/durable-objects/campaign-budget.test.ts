import { runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { afterEach, beforeAll, expect, it, vi } from 'vitest';
import type { CampaignObject } from '../../worker/durable-objects/campaign/campaign';
import { call, standardKey, workspace } from '../helpers';
import { campaignWithReferrer, cash, signup } from '../rewards-setup';

let key: string;
let n = 0;

beforeAll(async () => {
  const ws = await workspace();
  key = await standardKey(ws.test.adminKey);
});

afterEach(() => vi.restoreAllMocks());

const spent = async (campaignId: string, currency = 'USD') => (await env.CAMPAIGN.getByName(campaignId).budgetSpent())[currency] ?? 0;
const releasedAt = async (id: string) => (await env.DB.prepare('SELECT budget_released_at AS at FROM rewards WHERE id = ?').bind(id).first<{ at: string | null }>())?.at;
/** Runs the campaign object's alarm now (scheduled far ahead first, so it cannot fire on its own meanwhile). */
async function runAlarm(campaignId: string) {
  const stub = env.CAMPAIGN.getByName(campaignId);
  await runInDurableObject(stub, (_o: CampaignObject, state) => state.storage.setAlarm(Date.now() + 3_600_000));
  expect(await runDurableObjectAlarm(stub)).toBe(true);
}
const reasons = (res: { json: { reasons: { reason: string }[] } }) => res.json.reasons.map((r) => r.reason);

/** A $10 budget spent by two $5 signups. */
async function spentBudget() {
  n++;
  const setup = await campaignWithReferrer(key, `bud${n}`, [cash(500)], { budget: { amount: 1000, currency: 'USD' } });
  const first = (await signup(key, setup.code, `bud${n}-1`)).rewards[0]?.id as string;
  await signup(key, setup.code, `bud${n}-2`);
  expect(await spent(setup.campaignId)).toBe(1000);
  return { ...setup, first };
}

it('a cancel whose budget release cannot reach the campaign object still succeeds, and the alarm gives the charge back once', async () => {
  const { campaignId, code, first } = await spentBudget();
  // The campaign object is unreachable for the cancel's release (the cancel itself commits in D1).
  const getByName = env.CAMPAIGN.getByName.bind(env.CAMPAIGN);
  vi.spyOn(env.CAMPAIGN, 'getByName').mockImplementation((name: string) => {
    const stub = getByName(name);
    return new Proxy(stub, { get: (t, p) => (p === 'releaseBudget' ? () => Promise.reject(new Error('object unreachable')) : Reflect.get(t, p)) });
  });
  const cancel = await call('POST', `/v1/rewards/${first}/cancel`, { key });
  vi.restoreAllMocks();
  expect(cancel.status).toBe(200);
  expect(cancel.json.status).toBe('cancelled');
  expect(await releasedAt(first)).toBeNull();
  expect(await spent(campaignId)).toBe(1000);

  await runAlarm(campaignId);
  expect(await spent(campaignId)).toBe(500);
  expect(await releasedAt(first)).toEqual(expect.any(String));

  // A second sweep, and a late retry of the original release, give nothing more back.
  await runAlarm(campaignId);
  expect(await env.CAMPAIGN.getByName(campaignId).releaseBudget(campaignId, [{ rewardId: first, amount: 500, currency: 'USD' }])).toBe(0);
  expect(await spent(campaignId)).toBe(500);
  expect((await signup(key, code, `bud${n}-3`)).rewards).toHaveLength(1);
  const over = await call('POST', '/v1/referrals', { key, body: { code, type: 'signup', referee: { external_id: `bud${n}-4` } } });
  expect(reasons(over)).toEqual(['budget_exhausted']);
});

it('a cancel that committed in D1 but whose release never ran (request died) is swept back by the alarm', async () => {
  const { campaignId, first } = await spentBudget();
  await env.DB.prepare("UPDATE rewards SET status = 'cancelled', status_reason = 'cancelled_by_admin' WHERE id = ?").bind(first).run();
  await runAlarm(campaignId);
  expect(await spent(campaignId)).toBe(500);
  expect(await releasedAt(first)).toEqual(expect.any(String));
});

it('a normal cancel gives the charge back at once and marks it, so the sweep does not repeat it', async () => {
  const { campaignId, first } = await spentBudget();
  expect((await call('POST', `/v1/rewards/${first}/cancel`, { key })).status).toBe(200);
  expect(await spent(campaignId)).toBe(500);
  expect(await releasedAt(first)).toEqual(expect.any(String));
  await runAlarm(campaignId);
  expect(await spent(campaignId)).toBe(500);
});

it('a refund gives back what each reward charged, not what the budget currency says today', async () => {
  n++;
  const rule = { id: 'sale', trigger: 'sale', recipients: { referrer: { type: 'cash', amount: 500, currency: 'USD' } } };
  const { campaignId, code } = await campaignWithReferrer(key, `bud${n}`, [rule]);
  const sale = (order: string) => call('POST', '/v1/referrals', { key, body: { code, type: 'sale', amount: 9000, currency: 'USD', order_id: order, referee: { external_id: `bud${n}-buyer` } } });
  // Sold before the campaign had a budget: this reward charged nothing.
  expect((await sale(`bud${n}-o1`)).status).toBe(201);
  expect((await call('PATCH', `/v1/campaigns/${campaignId}`, { key, body: { budget: { amount: 1000, currency: 'USD' } } })).status).toBe(200);
  const charged = await sale(`bud${n}-o2`);
  expect(charged.json.rewards).toHaveLength(1);
  expect(await spent(campaignId)).toBe(500);

  expect((await call('POST', '/v1/referrals', { key, body: { type: 'refund', order_id: `bud${n}-o1` } })).status).toBe(201);
  expect(await spent(campaignId)).toBe(500);

  expect((await call('POST', '/v1/referrals', { key, body: { type: 'refund', order_id: `bud${n}-o2` } })).status).toBe(201);
  expect(await spent(campaignId)).toBe(0);
  const reward = charged.json.rewards[0].id as string;
  expect(await releasedAt(reward)).toEqual(expect.any(String));
  expect((await call('GET', `/v1/rewards/${reward}`, { key })).json).toMatchObject({ status: 'cancelled', status_reason: 'refunded', cancelled_at: expect.any(String) });
  // The sweep finds nothing owed: the refund's release is not repeated.
  await runAlarm(campaignId);
  expect(await spent(campaignId)).toBe(0);
});

it('cancels, a bulk cancel and a refund racing for one reward give its charge back exactly once', async () => {
  n++;
  const rule = { id: 'sale', trigger: 'sale', recipients: { referrer: { type: 'cash', amount: 400, currency: 'USD' } } };
  const { campaignId, code } = await campaignWithReferrer(key, `bud${n}`, [rule], { budget: { amount: 1000, currency: 'USD' } });
  const sale = await call('POST', '/v1/referrals', { key, body: { code, type: 'sale', amount: 9000, currency: 'USD', order_id: `race${n}`, referee: { external_id: `bud${n}-buyer` } } });
  const reward = sale.json.rewards[0].id as string;
  expect(await spent(campaignId)).toBe(400);

  const results = await Promise.all([
    ...Array.from({ length: 10 }, () => call('POST', `/v1/rewards/${reward}/cancel`, { key })),
    ...Array.from({ length: 5 }, () => call('POST', '/v1/rewards/bulk', { key, body: { action: 'cancel', ids: [reward] } })),
    call('POST', '/v1/referrals', { key, body: { type: 'refund', order_id: `race${n}` } }),
  ]);
  const singleWins = results.slice(0, 10).filter((r) => r.status === 200).length;
  const bulkWins = results.slice(10, 15).filter((r) => r.json.summary.succeeded === 1).length;
  expect(singleWins + bulkWins).toBeLessThanOrEqual(1);
  expect(results[15]?.status).toBe(201);
  expect(await spent(campaignId)).toBe(0);
  await runAlarm(campaignId);
  expect(await spent(campaignId)).toBe(0);
  expect(await releasedAt(reward)).toEqual(expect.any(String));
});

/** What the sale earned in its currency: 'rewarded', or why not (the other currency's rule answers currency_mismatch to its condition). */
const outcome = (res: { json: { reasons: { rule_id: string | null; reason: string }[]; rewards: { amount: number; currency: string }[] } }, ruleId: string) =>
  res.json.reasons.find((r) => r.rule_id === ruleId)?.reason ?? (res.json.rewards.some((r) => r.currency.toLowerCase() === ruleId) ? 'rewarded' : 'nothing');
const usage = async (campaignId: string) => (await call('GET', `/v1/campaigns/${campaignId}`, { key })).json.budget_usage;

it('two currencies each stop at their own budget line', async () => {
  n++;
  const rules = [
    { id: 'usd', trigger: 'sale', conditions: { currency: 'USD' }, recipients: { referrer: { type: 'cash', amount: 400, currency: 'USD' } } },
    { id: 'eur', trigger: 'sale', conditions: { currency: 'EUR' }, recipients: { referrer: { type: 'cash', amount: 300, currency: 'EUR' } } },
  ];
  const budgets = [{ currency: 'USD', amount: 1000 }, { currency: 'EUR', amount: 700 }];
  const { campaignId, code } = await campaignWithReferrer(key, `bud${n}`, rules, { budgets });
  const sale = (i: number, currency: string) => call('POST', '/v1/referrals', { key, body: { code, type: 'sale', amount: 9000, currency, order_id: `bud${n}-${currency}-${i}`, referee: { external_id: `bud${n}-b${currency}${i}` } } });
  const usd = [];
  const eur = [];
  for (let i = 0; i < 3; i++) {
    usd.push(outcome(await sale(i, 'USD'), 'usd'));
    eur.push(outcome(await sale(i, 'EUR'), 'eur'));
  }
  expect(usd).toEqual(['rewarded', 'rewarded', 'budget_exhausted']);
  expect(eur).toEqual(['rewarded', 'rewarded', 'budget_exhausted']);
  expect(await spent(campaignId, 'USD')).toBe(800);
  expect(await spent(campaignId, 'EUR')).toBe(600);
  expect(await usage(campaignId)).toEqual([
    { currency: 'USD', amount: 1000, spent: 800, remaining: 200 },
    { currency: 'EUR', amount: 700, spent: 600, remaining: 100 },
  ]);
});

it('a refund gives back to the line of its own currency, and only that line', async () => {
  n++;
  const rules = [
    { id: 'usd', trigger: 'sale', conditions: { currency: 'USD' }, recipients: { referrer: { type: 'cash', amount: 500, currency: 'USD' } } },
    { id: 'eur', trigger: 'sale', conditions: { currency: 'EUR' }, recipients: { referrer: { type: 'cash', amount: 500, currency: 'EUR' } } },
  ];
  const budgets = [{ currency: 'USD', amount: 500 }, { currency: 'EUR', amount: 500 }];
  const { campaignId, code } = await campaignWithReferrer(key, `bud${n}`, rules, { budgets });
  const sale = (order: string, currency: string) => call('POST', '/v1/referrals', { key, body: { code, type: 'sale', amount: 9000, currency, order_id: order, referee: { external_id: `bud${n}-buyer` } } });
  expect(outcome(await sale(`bud${n}-u1`, 'USD'), 'usd')).toEqual('rewarded');
  expect(outcome(await sale(`bud${n}-e1`, 'EUR'), 'eur')).toEqual('rewarded');
  expect((await call('POST', '/v1/referrals', { key, body: { type: 'refund', order_id: `bud${n}-e1` } })).status).toBe(201);
  expect(await spent(campaignId, 'EUR')).toBe(0);
  expect(await spent(campaignId, 'USD')).toBe(500);
  // The EUR line has room again; the USD line still does not.
  expect(outcome(await sale(`bud${n}-e2`, 'EUR'), 'eur')).toEqual('rewarded');
  expect(outcome(await sale(`bud${n}-u2`, 'USD'), 'usd')).toEqual('budget_exhausted');
  await runAlarm(campaignId);
  expect(await usage(campaignId)).toEqual([
    { currency: 'USD', amount: 500, spent: 500, remaining: 0 },
    { currency: 'EUR', amount: 500, spent: 500, remaining: 0 },
  ]);
});

it('an object from before budgets per currency files its one total under the old budget currency, once', async () => {
  const { campaignId, code, first } = await spentBudget();
  // As a pre-0015 object and D1 row: one total in meta, no lines; budget_currency frozen at USD.
  await runInDurableObject(env.CAMPAIGN.getByName(campaignId), (_o: CampaignObject, state) => {
    state.storage.sql.exec('DELETE FROM budget_spent');
    state.storage.sql.exec("INSERT INTO meta (key, value) VALUES ('budget_spent', '1000')");
  });
  await env.DB.prepare("UPDATE campaigns SET budget_amount = 1000, budget_currency = 'USD' WHERE id = ?").bind(campaignId).run();
  // A release before the first decision comes off the old total.
  expect((await call('POST', `/v1/rewards/${first}/cancel`, { key })).status).toBe(200);
  expect((await signup(key, code, `bud${n}-3`)).rewards).toHaveLength(1);
  expect(await spent(campaignId)).toBe(1000);
  const over = await call('POST', '/v1/referrals', { key, body: { code, type: 'signup', referee: { external_id: `bud${n}-4` } } });
  expect(reasons(over)).toEqual(['budget_exhausted']);
  const meta = await runInDurableObject(env.CAMPAIGN.getByName(campaignId), (_o: CampaignObject, state) => state.storage.sql.exec("SELECT count(*) AS n FROM meta WHERE key = 'budget_spent'").one().n);
  expect(meta).toBe(0);
});
