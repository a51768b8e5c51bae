import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '../../worker/db/client';
import { voucherDrawStatements } from '../../worker/ledger/voucher-stock';
import { call, standardKey, workspace } from '../helpers';
import { campaignWithReferrer } from '../rewards-setup';

let key: string;
let environmentId: string;
let referrerId: string;

beforeAll(async () => {
  const ws = await workspace();
  environmentId = ws.test.environmentId;
  key = await standardKey(ws.test.adminKey);
  referrerId = (await campaignWithReferrer(key, 'draws', [])).referrerId;
});

async function poolWith(codes: string[]) {
  const pool = await call('POST', '/v1/voucher-pools', { key, body: { name: 'Retry pool' } });
  await call('POST', `/v1/voucher-pools/${pool.json.id}/vouchers`, { key, body: { codes } });
  return pool.json.id as string;
}

const draw = (rewardId: string, poolId: string) => {
  const db = getDb(env);
  return db.batch([...voucherDrawStatements(db, environmentId, rewardId, poolId)]);
};
const available = async (poolId: string) => (await call('GET', `/v1/voucher-pools/${poolId}`, { key })).json.stock.available;

describe('voucherDrawStatements', () => {
  it('is a no-op when run again for a reward that already has its code (a retried projection)', async () => {
    const poolId = await poolWith(['RETRY-1', 'RETRY-2']);
    const reward = await call('POST', '/v1/rewards', { key, body: { user_id: referrerId, type: 'voucher', pool_id: poolId } });
    expect(reward.json.voucher_code).toBe('RETRY-1');
    await draw(reward.json.id, poolId);
    await draw(reward.json.id, poolId);
    expect((await call('GET', `/v1/rewards/${reward.json.id}`, { key })).json).toMatchObject({ voucher_code: 'RETRY-1', status: 'approved' });
    expect(await available(poolId)).toBe(1);
  });

  it('never gives a code to a cancelled reward', async () => {
    const emptyPool = await poolWith([]);
    const reward = await call('POST', '/v1/rewards', { key, body: { user_id: referrerId, type: 'voucher', pool_id: emptyPool } });
    await call('POST', `/v1/rewards/${reward.json.id}/cancel`, { key });
    const poolId = await poolWith(['CANCELLED-1']);
    await draw(reward.json.id, poolId);
    expect((await call('GET', `/v1/rewards/${reward.json.id}`, { key })).json).toMatchObject({ voucher_code: null, status: 'cancelled' });
    expect(await available(poolId)).toBe(1);
  });
});
