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

const spent = (campaignId: string) => env.CAMPAIGN.getByName(campaignId).budgetSpent();
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
  expect(await env.CAMPAIGN.getByName(campaignId).releaseBudget(campaignId, [{ rewardId: first, amount: 500 }])).toBe(0);
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
