import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { call, expectProblem, standardKey, workspace } from '../helpers';
import { campaignWithReferrer, cash, signup } from '../rewards-setup';

let key: string;
let otherKey: string;

beforeAll(async () => {
  const ws = await workspace();
  key = await standardKey(ws.test.adminKey);
  otherKey = ws.live.adminKey;
});

async function pendingRewards(tag: string, count: number): Promise<string[]> {
  const { code } = await campaignWithReferrer(key, tag, [cash(100, { approval: 'manual' })]);
  const ids: string[] = [];
  for (let i = 0; i < count; i++) ids.push((await signup(key, code, `friend-${tag}-${i}`)).rewards[0]?.id as string);
  return ids;
}

const statuses = async (ids: string[]) =>
  (await env.DB.prepare(`SELECT id, status FROM rewards WHERE id IN (${ids.map(() => '?').join(',')})`).bind(...ids).all<{ id: string; status: string }>()).results.reduce<Record<string, string>>((m, r) => {
    m[r.id] = r.status;
    return m;
  }, {});

describe('POST /v1/rewards/bulk', () => {
  it('reports per id: applied, illegal (naming the state), unknown, other environment', async () => {
    const [a, b, c] = await pendingRewards('mix', 3);
    await call('POST', `/v1/rewards/${c}/cancel`, { key });
    const res = await call('POST', '/v1/rewards/bulk', { key, body: { action: 'approve', ids: [a, b, c, 'rwd_unknown'] } });
    expect(res.status).toBe(200);
    expect(res.json.summary).toEqual({ requested: 4, succeeded: 2, failed: 2 });
    expect(res.json.results.map((r: { id: string; ok: boolean; status: string | null; error?: { type: string } }) => [r.id, r.ok, r.status, r.error?.type ?? null])).toEqual([
      [a, true, 'approved', null],
      [b, true, 'approved', null],
      [c, false, 'cancelled', 'invalid-transition'],
      ['rwd_unknown', false, null, 'not-found'],
    ]);
    expect(await statuses([a as string, b as string, c as string])).toEqual({ [a as string]: 'approved', [b as string]: 'approved', [c as string]: 'cancelled' });
  });

  it('pays with one payout reference and cancels with one reason', async () => {
    const ids = await pendingRewards('pay', 3);
    await call('POST', '/v1/rewards/bulk', { key, body: { action: 'approve', ids } });
    const paid = await call('POST', '/v1/rewards/bulk', { key, body: { action: 'pay', ids: ids.slice(0, 2), payout_reference: 'batch-7' } });
    expect(paid.json.results.map((r: { reward: { payout_reference: string; status: string } }) => [r.reward.status, r.reward.payout_reference])).toEqual([
      ['paid', 'batch-7'],
      ['paid', 'batch-7'],
    ]);
    const cancelled = await call('POST', '/v1/rewards/bulk', { key, body: { action: 'cancel', ids, reason: 'campaign_closed' } });
    expect(cancelled.json.summary).toEqual({ requested: 3, succeeded: 1, failed: 2 });
    expect(cancelled.json.results[2].reward).toMatchObject({ status: 'cancelled', status_reason: 'campaign_closed' });
    expect(cancelled.json.results[0]).toMatchObject({ ok: false, status: 'paid' });
  });

  it('handles 500 ids in one call (past the database’s 100-parameter limit)', async () => {
    const real = await pendingRewards('many', 3);
    const ids = [...real, ...Array.from({ length: 497 }, (_, i) => `rwd_missing_${i}`)];
    const res = await call('POST', '/v1/rewards/bulk', { key, body: { action: 'approve', ids } });
    expect(res.status).toBe(200);
    expect(res.json.summary).toEqual({ requested: 500, succeeded: 3, failed: 497 });
  });

  it('refuses 501 ids, an unknown action and misplaced options, changing nothing', async () => {
    const ids = await pendingRewards('bad', 1);
    const tooMany = await call('POST', '/v1/rewards/bulk', { key, body: { action: 'approve', ids: [...ids, ...Array.from({ length: 500 }, (_, i) => `rwd_x${i}`)] } });
    expect(expectProblem(tooMany, 400).errors?.map((e) => e.field)).toEqual(['ids']);
    const badAction = await call('POST', '/v1/rewards/bulk', { key, body: { action: 'refund', ids } });
    expect(expectProblem(badAction, 400).errors?.map((e) => e.field)).toEqual(['action']);
    const misplaced = await call('POST', '/v1/rewards/bulk', { key, body: { action: 'approve', ids, reason: 'x' } });
    expect(expectProblem(misplaced, 400).errors?.map((e) => e.field)).toEqual(['reason']);
    expect(await statuses(ids)).toEqual({ [ids[0] as string]: 'pending' });
  });

  it('never lets another environment’s key change a reward', async () => {
    const ids = await pendingRewards('iso', 2);
    const res = await call('POST', '/v1/rewards/bulk', { key: otherKey, body: { action: 'cancel', ids } });
    expect(res.json.summary).toEqual({ requested: 2, succeeded: 0, failed: 2 });
    expect(res.json.results.map((r: { status: null }) => r.status)).toEqual([null, null]);
    expect(Object.values(await statuses(ids))).toEqual(['pending', 'pending']);
  });
});
