import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { call, expectProblem, standardKey, workspace } from '../helpers';
import { campaignWithReferrer, cash, signup } from '../rewards-setup';

let key: string;
let n = 0;

beforeAll(async () => {
  const ws = await workspace();
  key = await standardKey(ws.test.adminKey);
});

/** A fresh reward in the given state, made by a signup under a rule (manual approval: pending). */
async function rewardIn(state: 'pending' | 'approved' | 'paid' | 'cancelled'): Promise<string> {
  n++;
  const { code } = await campaignWithReferrer(key, `t${n}`, [cash(500, { approval: state === 'pending' ? 'manual' : 'auto' })]);
  const [reward] = (await signup(key, code, `friend-t${n}`)).rewards;
  const id = reward?.id as string;
  if (state === 'paid') expect((await call('POST', `/v1/rewards/${id}/pay`, { key })).status).toBe(200);
  if (state === 'cancelled') expect((await call('POST', `/v1/rewards/${id}/cancel`, { key })).status).toBe(200);
  return id;
}

const get = async (id: string) => (await call('GET', `/v1/rewards/${id}`, { key })).json;

describe('reward transitions', () => {
  it('approves a pending reward', async () => {
    const id = await rewardIn('pending');
    expect(await get(id)).toMatchObject({ status: 'pending', status_reason: 'awaiting_approval', approved_at: null });
    const res = await call('POST', `/v1/rewards/${id}/approve`, { key });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ id, status: 'approved', status_reason: null });
    expect(res.json.approved_at).toEqual(expect.any(String));
    expect(await get(id)).toEqual(res.json);
  });

  it('pays an approved reward with a payout reference', async () => {
    const id = await rewardIn('approved');
    const res = await call('POST', `/v1/rewards/${id}/pay`, { key, body: { payout_reference: 'po_42' } });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ status: 'paid', payout_reference: 'po_42' });
    expect(res.json.paid_at).toEqual(expect.any(String));
  });

  it('pays without a body', async () => {
    const id = await rewardIn('approved');
    const res = await call('POST', `/v1/rewards/${id}/pay`, { key });
    expect(res.json).toMatchObject({ status: 'paid', payout_reference: null });
  });

  it.each(['pending', 'approved'] as const)('cancels a %s reward with a reason', async (state) => {
    const id = await rewardIn(state);
    const res = await call('POST', `/v1/rewards/${id}/cancel`, { key, body: { reason: 'fraud_suspected' } });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ status: 'cancelled', status_reason: 'fraud_suspected' });
  });

  const illegal: [string, 'pending' | 'approved' | 'paid' | 'cancelled'][] = [
    ['approve', 'approved'],
    ['approve', 'paid'],
    ['approve', 'cancelled'],
    ['pay', 'pending'],
    ['pay', 'paid'],
    ['pay', 'cancelled'],
    ['cancel', 'paid'],
    ['cancel', 'cancelled'],
  ];
  it.each(illegal)('refuses to %s a %s reward with a 409 naming the state, changing nothing', async (action, state) => {
    const id = await rewardIn(state);
    const before = await get(id);
    const res = await call('POST', `/v1/rewards/${id}/${action}`, { key, body: action === 'cancel' ? { reason: 'x' } : {} });
    const problem = expectProblem(res, 409);
    expect(problem.type).toMatch(/invalid-transition$/);
    expect(problem.detail).toContain(`is ${state}`);
    expect(problem.errors).toEqual([{ field: 'status', message: state }]);
    expect(await get(id)).toEqual(before);
  });

  it('answers 404 for an unknown reward', async () => {
    expectProblem(await call('POST', '/v1/rewards/rwd_nope/approve', { key }), 404);
    expectProblem(await call('GET', '/v1/rewards/rwd_nope', { key }), 404);
  });

  it('rejects unknown body fields before touching the reward', async () => {
    const id = await rewardIn('approved');
    const res = await call('POST', `/v1/rewards/${id}/pay`, { key, body: { payout_ref: 'typo' } });
    expect(expectProblem(res, 400).errors?.map((e) => e.field)).toEqual(['payout_ref']);
    expect((await get(id)).status).toBe('approved');
  });

  it('lets exactly one of 20 concurrent pays win', async () => {
    const id = await rewardIn('approved');
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => call('POST', `/v1/rewards/${id}/pay`, { key, body: { payout_reference: `po_${i}` } })));
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.filter((r) => r.status === 409)).toHaveLength(19);
    const winner = results.find((r) => r.status === 200)?.json.payout_reference;
    expect((await get(id)).payout_reference).toBe(winner);
  });
});

describe('holds', () => {
  it('releases a held reward to approved once hold_until has passed, on the next read', async () => {
    n++;
    const { code } = await campaignWithReferrer(key, `h${n}`, [cash(700, { hold_days: 14 })]);
    const [reward] = (await signup(key, code, `friend-h${n}`)).rewards;
    const id = reward?.id as string;
    expect(await get(id)).toMatchObject({ status: 'pending', status_reason: 'on_hold' });
    // Time passing: move the hold into the past rather than waiting 14 days.
    await env.DB.prepare('UPDATE rewards SET hold_until = ? WHERE id = ?').bind(new Date(Date.now() - 1000).toISOString(), id).run();
    expect(await get(id)).toMatchObject({ status: 'approved', status_reason: null });
  });

  it('keeps a hold that has not passed', async () => {
    n++;
    const { code } = await campaignWithReferrer(key, `h${n}`, [cash(700, { hold_days: 14 })]);
    const [reward] = (await signup(key, code, `friend-h${n}`)).rewards;
    expect((await call('GET', `/v1/rewards?filters[0][field]=id&filters[0][value]=${reward?.id}`, { key })).json.data[0]).toMatchObject({ status: 'pending', status_reason: 'on_hold' });
  });
});

describe('budget', () => {
  it('gives a cancelled reward’s charge back to the campaign budget, once', async () => {
    n++;
    const { code } = await campaignWithReferrer(key, `b${n}`, [cash(500)], { budget: { amount: 1000, currency: 'USD' } });
    const first = (await signup(key, code, `friend-b${n}-1`)).rewards[0]?.id as string;
    await signup(key, code, `friend-b${n}-2`);
    const third = await call('POST', '/v1/referrals', { key, body: { code, type: 'signup', referee: { external_id: `friend-b${n}-3` } } });
    expect(third.json.reasons.map((r: { reason: string }) => r.reason)).toEqual(['budget_exhausted']);

    expect((await call('POST', `/v1/rewards/${first}/cancel`, { key })).status).toBe(200);
    const fourth = await signup(key, code, `friend-b${n}-4`);
    expect(fourth.rewards).toHaveLength(1);
    const fifth = await call('POST', '/v1/referrals', { key, body: { code, type: 'signup', referee: { external_id: `friend-b${n}-5` } } });
    expect(fifth.json.reasons.map((r: { reason: string }) => r.reason)).toEqual(['budget_exhausted']);
  });
});

describe('GET /v1/rewards', () => {
  it('filters by status, user, campaign and date, and pages in order', async () => {
    n++;
    const { code, campaignId, referrerId } = await campaignWithReferrer(key, `l${n}`, [cash(100, { approval: 'manual' })]);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await signup(key, code, `friend-l${n}-${i}`)).rewards[0]?.id as string);
    await call('POST', `/v1/rewards/${ids[0]}/approve`, { key });

    const q = (params: string) => call('GET', `/v1/rewards?filters[0][field]=campaign_id&filters[0][value]=${campaignId}&${params}`, { key });
    const all = await q('order[field]=created_at&order[direction]=asc');
    expect(all.status).toBe(200);
    expect(all.json.data.map((r: { id: string }) => r.id)).toEqual(ids);
    expect(all.json.meta.total).toBe(5);

    const pending = await q('filters[1][field]=status&filters[1][value]=pending');
    expect(pending.json.meta.total).toBe(4);
    const byUser = await q(`filters[1][field]=user_id&filters[1][value]=${referrerId}&filters[2][field]=recipient&filters[2][value]=referrer`);
    expect(byUser.json.meta.total).toBe(5);
    const future = await q(`filters[1][field]=created_at&filters[1][operator]=gte&filters[1][value]=2999-01-01`);
    expect(future.json.meta.total).toBe(0);

    const page2 = await q('per_page=2&page=2&order[field]=created_at&order[direction]=asc&fields=id,status');
    expect(page2.json.data).toEqual([
      { id: ids[2], status: 'pending' },
      { id: ids[3], status: 'pending' },
    ]);
    expect(page2.json.meta).toMatchObject({ current_page: 2, last_page: 3, total: 5 });
  });

  it('names an unknown filter field', async () => {
    const res = await call('GET', '/v1/rewards?filters[0][field]=secret&filters[0][value]=1', { key });
    expect(expectProblem(res, 400).errors?.map((e) => e.field)).toEqual(['filters[0][field]']);
  });
});
