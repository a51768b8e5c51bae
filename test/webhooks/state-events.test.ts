import { beforeAll, describe, expect, it } from 'vitest';
import { call, workspace } from '../helpers';
import { campaignWithReferrer, cash, signup } from '../rewards-setup';
import { createEndpoint, received, until, verify } from './helpers';

/**
 * Reward and voucher transitions are events written in the same batch as the change. Their data
 * is built by SQLite (worker/outbox/state-events.ts), so each is held equal to what the API
 * answers for the same object right after.
 */

let admin: string;
beforeAll(async () => {
  admin = (await workspace('State events')).test.adminKey;
});

type ApiEvent = { id: string; type: string; data: Record<string, unknown> };

async function eventsOf(type: string): Promise<ApiEvent[]> {
  const res = await call('GET', `/v1/events?per_page=250&filters[0][field]=type&filters[0][operator]=equal&filters[0][value]=${type}`, { key: admin });
  expect(res.status).toBe(200);
  return res.json.data;
}

const get = async (path: string) => (await call('GET', path, { key: admin })).json;

describe('reward transitions', () => {
  it('approve, pay and cancel each write one event holding the reward as the API shows it', async () => {
    const { code } = await campaignWithReferrer(admin, 'transitions', [cash(700, { approval: 'manual' })]);
    const [first] = (await signup(admin, code, 'st-friend-1')).rewards;
    const [second] = (await signup(admin, code, 'st-friend-2')).rewards;

    expect((await call('POST', `/v1/rewards/${first!.id}/approve`, { key: admin })).status).toBe(200);
    expect((await call('POST', `/v1/rewards/${first!.id}/pay`, { key: admin, body: { payout_reference: 'po_1' } })).status).toBe(200);
    expect((await call('POST', `/v1/rewards/${second!.id}/cancel`, { key: admin, body: { reason: 'fraud' } })).status).toBe(200);

    const after = { first: await get(`/v1/rewards/${first!.id}`), second: await get(`/v1/rewards/${second!.id}`) };
    const approved = (await eventsOf('reward.approved')).filter((e) => e.data.id === first!.id);
    const paid = (await eventsOf('reward.paid')).filter((e) => e.data.id === first!.id);
    const cancelled = (await eventsOf('reward.cancelled')).filter((e) => e.data.id === second!.id);
    expect(approved).toHaveLength(1);
    expect(approved[0]!.data).toEqual({ ...after.first, status: 'approved', paid_at: null, payout_reference: null, updated_at: after.first.approved_at });
    expect(paid.map((e) => e.data)).toEqual([after.first]);
    expect(cancelled.map((e) => e.data)).toEqual([after.second]);
  });

  it('a bulk action writes one event per reward it changed and none for those it refused', async () => {
    const { code } = await campaignWithReferrer(admin, 'bulk', [cash(300, { approval: 'manual' })]);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await signup(admin, code, `st-bulk-${i}`)).rewards[0]!.id);
    expect((await call('POST', `/v1/rewards/${ids[0]}/cancel`, { key: admin })).status).toBe(200);

    const bulk = await call('POST', '/v1/rewards/bulk', { key: admin, body: { action: 'approve', ids } });
    expect(bulk.json.summary).toEqual({ requested: 5, succeeded: 4, failed: 1 });
    const approved = (await eventsOf('reward.approved')).filter((e) => ids.includes(e.data.id as string));
    expect(approved.map((e) => e.data.id).sort()).toEqual(ids.slice(1).sort());
  });

  it('20 concurrent pays of one reward write exactly one reward.paid', async () => {
    const { code } = await campaignWithReferrer(admin, 'race', [cash(900)]);
    const [reward] = (await signup(admin, code, 'st-race')).rewards;
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => call('POST', `/v1/rewards/${reward!.id}/pay`, { key: admin, body: { payout_reference: `po_${i}` } })));
    const winner = answers.find((a) => a.status === 200)!;
    expect(answers.filter((a) => a.status === 200)).toHaveLength(1);
    const paid = (await eventsOf('reward.paid')).filter((e) => e.data.id === reward!.id);
    expect(paid).toHaveLength(1);
    expect(paid[0]!.data.payout_reference).toBe(winner.json.payout_reference);
  });

  it('a reward issued by hand is a reward.created event', async () => {
    const user = await call('POST', '/v1/users', { key: admin, body: { external_id: 'st-manual' } });
    const issued = await call('POST', '/v1/rewards', { key: admin, body: { user_id: user.json.id, type: 'points', points: 50, note: 'Thanks' } });
    expect(issued.status).toBe(201);
    const created = (await eventsOf('reward.created')).filter((e) => e.data.id === issued.json.id);
    expect(created.map((e) => e.data)).toEqual([issued.json]);
  });
});

describe('vouchers', () => {
  it('assignment, the approval it brings, redemption and low stock are events, delivered signed', async () => {
    const endpoint = await createEndpoint(admin, 'state-vouchers', ['voucher.assigned', 'voucher.redeemed', 'voucher_pool.low_stock']);
    const pool = await call('POST', '/v1/voucher-pools', { key: admin, body: { name: 'Ten off', low_stock_threshold: 2 } });
    expect((await call('POST', `/v1/voucher-pools/${pool.json.id}/vouchers`, { key: admin, body: { codes: ['ST-A', 'ST-B', 'ST-C'] } })).json.inserted).toBe(3);
    const user = await call('POST', '/v1/users', { key: admin, body: { external_id: 'st-voucher' } });

    const issued = await call('POST', '/v1/rewards', { key: admin, body: { user_id: user.json.id, type: 'voucher', pool_id: pool.json.id } });
    expect(issued.json.voucher_code).toBe('ST-A');
    const second = await call('POST', '/v1/rewards', { key: admin, body: { user_id: user.json.id, type: 'voucher', pool_id: pool.json.id } });
    expect(second.json.voucher_code).toBe('ST-B');
    const redeemed = await call('POST', '/v1/vouchers/ST-A/redeem', { key: admin });
    expect(redeemed.status).toBe(200);

    const assigned = (await eventsOf('voucher.assigned')).filter((e) => e.data.pool_id === pool.json.id);
    expect(assigned.map((e) => e.data.code).sort()).toEqual(['ST-A', 'ST-B']);
    expect(assigned.find((e) => e.data.code === 'ST-A')!.data).toMatchObject({ object: 'voucher', status: 'assigned', reward_id: issued.json.id, redeemed_at: null });
    expect((await eventsOf('voucher.redeemed')).map((e) => e.data)).toEqual([redeemed.json.voucher]);
    // A voucher reward is approved by its draw.
    expect((await eventsOf('reward.approved')).filter((e) => e.data.id === issued.json.id).map((e) => e.data)).toEqual([await get(`/v1/rewards/${issued.json.id}`)]);

    // Below 2 available (1 left after the second draw): one warning, with the pool as the API shows it.
    const low = (await eventsOf('voucher_pool.low_stock')).filter((e) => e.data.id === pool.json.id);
    expect(low).toHaveLength(1);
    expect(low[0]!.data).toMatchObject({ object: 'voucher_pool', low_stock: true, stock: { available: 1, assigned: 2, redeemed: 0, total: 3, waiting_rewards: 0 } });
    const { stock: _now, ...poolNow } = await get(`/v1/voucher-pools/${pool.json.id}`);
    const { stock: _then, ...poolThen } = low[0]!.data;
    expect(poolThen).toEqual(poolNow);

    const got = await until('the voucher events to arrive', async () => {
      const all = await received('state-vouchers');
      return all.length >= 4 ? all : undefined;
    });
    expect(got.map((r) => verify(endpoint.secret, r).type).sort()).toEqual(['voucher.assigned', 'voucher.assigned', 'voucher.redeemed', 'voucher_pool.low_stock']);
  });
});
