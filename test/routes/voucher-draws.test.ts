import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { call, expectProblem, standardKey, workspace } from '../helpers';
import { campaignWithReferrer, signup } from '../rewards-setup';

let key: string;
let n = 0;

beforeAll(async () => {
  const ws = await workspace();
  key = await standardKey(ws.test.adminKey);
});

async function poolWith(codes: string[]): Promise<string> {
  n++;
  const pool = await call('POST', '/v1/voucher-pools', { key, body: { name: `Draw pool ${n}`, low_stock_threshold: 0 } });
  if (codes.length) expect((await call('POST', `/v1/voucher-pools/${pool.json.id}/vouchers`, { key, body: { codes } })).json.inserted).toBe(codes.length);
  return pool.json.id;
}

const codes = (prefix: string, count: number) => Array.from({ length: count }, (_, i) => `${prefix}-${i}`);

describe('concurrent voucher draws', () => {
  it('300 rewards racing for 250 codes: each code to one reward, none lost, the rest wait as pool_empty and fill on upload', async () => {
    const poolId = await poolWith(codes('RACE', 250));
    const { referrerId } = await campaignWithReferrer(key, 'race', []);
    const results = await Promise.all(
      Array.from({ length: 300 }, () => call('POST', '/v1/rewards', { key, body: { user_id: referrerId, type: 'voucher', pool_id: poolId } })),
    );
    expect(results.map((r) => r.status)).toEqual(Array(300).fill(201));
    const assigned = results.filter((r) => r.json.voucher_code !== null);
    expect(assigned).toHaveLength(250);
    expect(new Set(assigned.map((r) => r.json.voucher_code)).size).toBe(250);
    expect(assigned.every((r) => r.json.status === 'approved')).toBe(true);
    const waiting = results.filter((r) => r.json.voucher_code === null);
    expect(waiting.every((r) => r.json.status === 'pending' && r.json.status_reason === 'pool_empty')).toBe(true);

    // The database agrees: every code assigned once, to the reward that shows it.
    const rows = await env.DB.prepare(
      `SELECT v.code, v.reward_id, r.voucher_code FROM vouchers v LEFT JOIN rewards r ON r.id = v.reward_id WHERE v.pool_id = ?`,
    )
      .bind(poolId)
      .all<{ code: string; reward_id: string | null; voucher_code: string | null }>();
    expect(rows.results).toHaveLength(250);
    expect(rows.results.every((v) => v.reward_id !== null && v.voucher_code === v.code)).toBe(true);
    expect(new Set(rows.results.map((v) => v.reward_id)).size).toBe(250);
    expect((await call('GET', `/v1/voucher-pools/${poolId}`, { key })).json.stock).toEqual({ available: 0, assigned: 250, redeemed: 0, total: 250, waiting_rewards: 50 });

    const refill = await call('POST', `/v1/voucher-pools/${poolId}/vouchers`, { key, body: { codes: codes('LATE', 60) } });
    expect(refill.json).toMatchObject({ inserted: 60, rewards_filled: 50, stock: { available: 10, assigned: 300, waiting_rewards: 0 } });
    const filled = await Promise.all(waiting.map((r) => call('GET', `/v1/rewards/${r.json.id}`, { key })));
    expect(filled.every((r) => r.json.status === 'approved' && r.json.voucher_code.startsWith('LATE-'))).toBe(true);
    // Oldest waiting reward first: the first 50 LATE codes went out, in order.
    expect(new Set(filled.map((r) => r.json.voucher_code))).toEqual(new Set(codes('LATE', 50)));
  });

  it('uploads racing with draws still give each code to one reward', async () => {
    const poolId = await poolWith([]);
    const { referrerId } = await campaignWithReferrer(key, 'race2', []);
    const draws = Array.from({ length: 200 }, () => call('POST', '/v1/rewards', { key, body: { user_id: referrerId, type: 'voucher', pool_id: poolId } }));
    const uploads = [0, 1, 2, 3].map((i) => call('POST', `/v1/voucher-pools/${poolId}/vouchers`, { key, body: { codes: codes(`U${i}`, 40) } }));
    await Promise.all([...draws, ...uploads]);
    // Anything still waiting draws on the next upload; then 160 codes cover 160 of the 200 rewards.
    await call('POST', `/v1/voucher-pools/${poolId}/vouchers`, { key, body: { codes: ['NUDGE-0'] } });
    const stats = await env.DB.prepare(
      `SELECT count(*) AS total, count(DISTINCT reward_id) AS rewards, sum(status = 'available') AS available FROM vouchers WHERE pool_id = ?`,
    )
      .bind(poolId)
      .first<{ total: number; rewards: number; available: number }>();
    expect(stats).toEqual({ total: 161, rewards: 161, available: 0 });
    const withCode = await env.DB.prepare(`SELECT count(DISTINCT voucher_code) AS n FROM rewards WHERE voucher_pool_id = ? AND voucher_code IS NOT NULL`).bind(poolId).first<{ n: number }>();
    expect(withCode?.n).toBe(161);
  });
});

describe('voucher rewards from the rules engine', () => {
  it('assigns a code when the reward is projected, and waits as pool_empty when the pool is empty', async () => {
    const poolId = await poolWith(['RULE-1']);
    const rule = { id: 'welcome', trigger: 'signup', recipients: { referee: { type: 'voucher', pool_id: poolId } } };
    const { code } = await campaignWithReferrer(key, 'rules', [rule]);
    const logged = await signup(key, code, 'rules-friend-1');
    // The event's own response already shows the code drawn at projection.
    expect(logged.rewards[0]).toMatchObject({ status: 'approved', voucher_code: 'RULE-1' });
    const first = logged.rewards[0]?.id as string;
    expect((await call('GET', `/v1/rewards/${first}`, { key })).json).toMatchObject({ status: 'approved', voucher_code: 'RULE-1', recipient: 'referee' });

    const second = (await signup(key, code, 'rules-friend-2')).rewards[0]?.id as string;
    expect((await call('GET', `/v1/rewards/${second}`, { key })).json).toMatchObject({ status: 'pending', status_reason: 'pool_empty', voucher_code: null });
    const approve = await call('POST', `/v1/rewards/${second}/approve`, { key });
    expect(expectProblem(approve, 409).type).toMatch(/voucher-not-assigned$/);

    await call('POST', `/v1/voucher-pools/${poolId}/vouchers`, { key, body: 'code\nRULE-2\n', headers: { 'content-type': 'text/csv' } });
    expect((await call('GET', `/v1/rewards/${second}`, { key })).json).toMatchObject({ status: 'approved', voucher_code: 'RULE-2' });
  });

  it('never draws for a cancelled reward', async () => {
    const poolId = await poolWith([]);
    const { referrerId } = await campaignWithReferrer(key, 'cancelled', []);
    const reward = await call('POST', '/v1/rewards', { key, body: { user_id: referrerId, type: 'voucher', pool_id: poolId } });
    await call('POST', `/v1/rewards/${reward.json.id}/cancel`, { key });
    const refill = await call('POST', `/v1/voucher-pools/${poolId}/vouchers`, { key, body: { codes: ['KEEP-1'] } });
    expect(refill.json).toMatchObject({ rewards_filled: 0, stock: { available: 1 } });
  });
});

describe('refill after an interrupted upload', () => {
  it('a retried upload fills rewards the first attempt left waiting, though all its codes are duplicates now', async () => {
    const poolId = await poolWith([]);
    const { referrerId } = await campaignWithReferrer(key, 'retry-up', []);
    const waiting = [];
    for (let i = 0; i < 2; i++) waiting.push((await call('POST', '/v1/rewards', { key, body: { user_id: referrerId, type: 'voucher', pool_id: poolId } })).json.id as string);
    // The first upload's insert committed, then the request died before its refill ran.
    const envId = (await env.DB.prepare('SELECT environment_id AS e FROM voucher_pools WHERE id = ?').bind(poolId).first<{ e: string }>())?.e;
    for (const code of ['RETRY-0', 'RETRY-1']) {
      await env.DB.prepare("INSERT INTO vouchers (id, environment_id, pool_id, code, status) VALUES (?, ?, ?, ?, 'available')").bind(`vch_${code}`, envId, poolId, code).run();
    }
    const retry = await call('POST', `/v1/voucher-pools/${poolId}/vouchers`, { key, body: { codes: ['RETRY-0', 'RETRY-1'] } });
    expect(retry.status).toBe(201);
    expect(retry.json).toMatchObject({ inserted: 0, duplicates: 2, rewards_filled: 2, stock: { available: 0, assigned: 2, waiting_rewards: 0 } });
    for (const id of waiting) expect((await call('GET', `/v1/rewards/${id}`, { key })).json).toMatchObject({ status: 'approved', voucher_code: expect.stringMatching(/^RETRY-/) });
  });
});

describe('voucher rewards that need approval', () => {
  const manualRule = (poolId: string) => ({ id: 'welcome', trigger: 'signup', approval: 'manual', recipients: { referee: { type: 'voucher', pool_id: poolId } } });

  it('a manual-approval rule reserves the code but leaves the reward pending until an admin approves it', async () => {
    const poolId = await poolWith(codes('MANUAL', 2));
    const { code } = await campaignWithReferrer(key, 'manual-v', [manualRule(poolId)]);
    const reward = (await signup(key, code, 'manual-v-friend')).rewards[0]?.id as string;
    const before = (await call('GET', `/v1/rewards/${reward}`, { key })).json;
    expect(before).toMatchObject({ status: 'pending', status_reason: 'awaiting_approval', voucher_code: 'MANUAL-0', approved_at: null });
    const approved = await call('POST', `/v1/rewards/${reward}/approve`, { key });
    expect(approved.json).toMatchObject({ status: 'approved', status_reason: null, voucher_code: 'MANUAL-0' });
  });

  it('from an empty pool it waits for both a code and the approval', async () => {
    const poolId = await poolWith([]);
    const { code } = await campaignWithReferrer(key, 'manual-e', [manualRule(poolId)]);
    const reward = (await signup(key, code, 'manual-e-friend')).rewards[0]?.id as string;
    expect((await call('GET', `/v1/rewards/${reward}`, { key })).json).toMatchObject({ status: 'pending', status_reason: 'awaiting_approval', voucher_code: null });
    expectProblem(await call('POST', `/v1/rewards/${reward}/approve`, { key }), 409);

    expect((await call('POST', `/v1/voucher-pools/${poolId}/vouchers`, { key, body: { codes: ['LATE-M'] } })).json.rewards_filled).toBe(1);
    expect((await call('GET', `/v1/rewards/${reward}`, { key })).json).toMatchObject({ status: 'pending', status_reason: 'awaiting_approval', voucher_code: 'LATE-M' });
    expect((await call('POST', `/v1/rewards/${reward}/approve`, { key })).json).toMatchObject({ status: 'approved', voucher_code: 'LATE-M' });
  });

  it('a voucher issued by hand as pending waits for approval too', async () => {
    const poolId = await poolWith(codes('HAND', 1));
    const { referrerId } = await campaignWithReferrer(key, 'manual-h', []);
    const res = await call('POST', '/v1/rewards', { key, body: { user_id: referrerId, type: 'voucher', pool_id: poolId, status: 'pending' } });
    expect(res.json).toMatchObject({ status: 'pending', status_reason: 'awaiting_approval', voucher_code: 'HAND-0' });
  });
});
