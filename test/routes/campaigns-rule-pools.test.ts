import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { call, expectProblem, standardKey, workspace } from '../helpers';

let key: string;
let liveKey: string;

beforeAll(async () => {
  const ws = await workspace();
  key = await standardKey(ws.test.adminKey);
  liveKey = await standardKey(ws.live.adminKey);
});

const voucherRule = (poolId: string) => ({ id: 'welcome', trigger: 'signup', recipients: { referee: { type: 'voucher', pool_id: poolId } } });

describe('voucher pools named by rules', () => {
  it('refuses rules naming a pool that does not exist, and changes nothing', async () => {
    const campaign = await call('POST', '/v1/campaigns', { key, body: { name: 'Pools A' } });
    const res = await call('PATCH', `/v1/campaigns/${campaign.json.id}`, {
      key,
      body: { rules: [voucherRule('vpl_nope'), { id: 'tiered', trigger: 'sale', recipients: { referrer: { type: 'points', points: 1 } }, tiers: [{ from: 2, referrer: { type: 'voucher', pool_id: 'vpl_gone' } }] }] },
    });
    const problem = expectProblem(res, 422);
    expect(problem.type).toContain('unknown-reference');
    expect(problem.errors).toEqual([
      { field: 'rules[0].recipients.referee.pool_id', message: "No voucher pool 'vpl_nope' in this environment." },
      { field: 'rules[1].tiers[0].referrer.pool_id', message: "No voucher pool 'vpl_gone' in this environment." },
    ]);
    const after = await call('GET', `/v1/campaigns/${campaign.json.id}`, { key });
    expect(after.json).toMatchObject({ rules: [], rules_version: 0 });
  });

  it("refuses another environment's pool", async () => {
    const livePool = await call('POST', '/v1/voucher-pools', { key: liveKey, body: { name: 'Live pool' } });
    expect(livePool.status).toBe(201);
    const campaign = await call('POST', '/v1/campaigns', { key, body: { name: 'Pools B' } });
    const res = await call('PATCH', `/v1/campaigns/${campaign.json.id}`, { key, body: { rules: [voucherRule(livePool.json.id)] } });
    expect(expectProblem(res, 422).errors?.[0]?.field).toBe('rules[0].recipients.referee.pool_id');
  });

  it('refuses to create a campaign whose rules name an unknown pool', async () => {
    const before = await env.DB.prepare("SELECT count(*) AS n FROM campaigns WHERE name = 'Pools C'").first<{ n: number }>();
    const res = await call('POST', '/v1/campaigns', { key, body: { name: 'Pools C', rules: [voucherRule('vpl_nope')] } });
    expectProblem(res, 422);
    expect(await env.DB.prepare("SELECT count(*) AS n FROM campaigns WHERE name = 'Pools C'").first<{ n: number }>()).toEqual(before);
  });

  it("accepts the environment's own pool", async () => {
    const pool = await call('POST', '/v1/voucher-pools', { key, body: { name: 'Own pool' } });
    const campaign = await call('POST', '/v1/campaigns', { key, body: { name: 'Pools D' } });
    const res = await call('PATCH', `/v1/campaigns/${campaign.json.id}`, { key, body: { rules: [voucherRule(pool.json.id)] } });
    expect(res.status).toBe(200);
    expect(res.json.rules_version).toBe(1);
  });
});
