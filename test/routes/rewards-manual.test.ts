import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { call, expectProblem, standardKey, workspace } from '../helpers';
import { campaignWithReferrer } from '../rewards-setup';

let key: string;

beforeAll(async () => {
  const ws = await workspace();
  key = await standardKey(ws.test.adminKey);
});

const rewardCount = async () => (await env.DB.prepare('SELECT count(*) AS n FROM rewards').first<{ n: number }>())?.n;

describe('POST /v1/rewards (by hand)', () => {
  it('issues cash with a note to a referrer, approved, into the same ledger', async () => {
    const { referrerId, campaignId } = await campaignWithReferrer(key, 'm1', []);
    const res = await call('POST', '/v1/rewards', { key, body: { user_id: referrerId, type: 'cash', amount: 2500, currency: 'usd', note: 'Goodwill for a late parcel' } });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ object: 'reward', user_id: referrerId, campaign_id: campaignId, recipient: 'referrer', type: 'cash', amount: 2500, currency: 'USD', status: 'approved', referral_id: null, note: 'Goodwill for a late parcel' });
    expect((await call('GET', `/v1/rewards/${res.json.id}`, { key })).json).toEqual(res.json);
  });

  it('issues pending points and credit to a referee found by external id', async () => {
    await campaignWithReferrer(key, 'm2', []);
    const points = await call('POST', '/v1/rewards', { key, body: { user_id: 'referrer-m2', recipient: 'referee', type: 'points', points: 40, status: 'pending' } });
    expect(points.json).toMatchObject({ recipient: 'referee', type: 'points', points: 40, amount: null, status: 'pending', status_reason: 'awaiting_approval' });
    const approved = await call('POST', `/v1/rewards/${points.json.id}/approve`, { key });
    expect(approved.json.status).toBe('approved');
  });

  it('names every bad field and creates nothing', async () => {
    const before = await rewardCount();
    const cases: [Record<string, unknown>, string[]][] = [
      [{ user_id: 'x', type: 'cash' }, ['amount', 'currency']],
      [{ user_id: 'x', type: 'points', points: 5, amount: 10 }, ['amount']],
      [{ user_id: 'x', type: 'voucher' }, ['pool_id']],
      [{ user_id: 'x', type: 'gold', amount: 1 }, ['type']],
      [{ user_id: 'x', type: 'cash', amount: -5, currency: 'USD' }, ['amount']],
      [{ user_id: 'x', type: 'cash', amount: 5, currency: 'USD', sneaky: 1 }, ['sneaky']],
    ];
    for (const [body, fields] of cases) {
      const res = await call('POST', '/v1/rewards', { key, body });
      expect(expectProblem(res, 400).errors?.map((e) => e.field), JSON.stringify(body)).toEqual(fields);
    }
    expect(await rewardCount()).toBe(before);
  });

  it('answers 422 for an unknown user, campaign or pool, creating nothing', async () => {
    const { referrerId } = await campaignWithReferrer(key, 'm3', []);
    const before = await rewardCount();
    const cases: [Record<string, unknown>, string][] = [
      [{ user_id: 'no-such-user', type: 'points', points: 1 }, 'user_id'],
      [{ user_id: referrerId, campaign_id: 'cmp_nope', type: 'points', points: 1 }, 'campaign_id'],
      [{ user_id: referrerId, type: 'voucher', pool_id: 'vpl_nope' }, 'pool_id'],
    ];
    for (const [body, field] of cases) {
      expect(expectProblem(await call('POST', '/v1/rewards', { key, body }), 422).errors?.map((e) => e.field)).toEqual([field]);
    }
    expect(await rewardCount()).toBe(before);
  });

  it("answers 422 for another environment's user, campaign or pool (by id or external id), creating nothing", async () => {
    const other = await workspace('Other');
    const otherKey = await standardKey(other.live.adminKey);
    const theirs = await campaignWithReferrer(otherKey, 'm-other', []);
    const pool = await call('POST', '/v1/voucher-pools', { key: otherKey, body: { name: 'Theirs' } });
    const { referrerId } = await campaignWithReferrer(key, 'm4', []);
    const before = await rewardCount();
    const cases: [Record<string, unknown>, string][] = [
      [{ user_id: theirs.referrerId, type: 'points', points: 1 }, 'user_id'],
      [{ user_id: 'referrer-m-other', type: 'points', points: 1 }, 'user_id'],
      [{ user_id: referrerId, campaign_id: theirs.campaignId, type: 'points', points: 1 }, 'campaign_id'],
      [{ user_id: referrerId, type: 'voucher', pool_id: pool.json.id }, 'pool_id'],
    ];
    for (const [body, field] of cases) {
      expect(expectProblem(await call('POST', '/v1/rewards', { key, body }), 422).errors?.map((e) => e.field)).toEqual([field]);
    }
    expect(await rewardCount()).toBe(before);
  });
});

describe('GET /v1/users/{id}/balance', () => {
  it('sums a mix of events, a refund, a payment and manual rewards per currency', async () => {
    const rules = [
      { id: 'signup', trigger: 'signup', recipients: { referrer: { type: 'cash', amount: 500, currency: 'USD' } } },
      { id: 'sale', trigger: 'sale', recipients: { referrer: { type: 'percentage', percent: 10 } } },
    ];
    const { code, referrerId } = await campaignWithReferrer(key, 'bal', rules);
    const log = (body: Record<string, unknown>) => call('POST', '/v1/referrals', { key, body });
    const signupReward = (await log({ code, type: 'signup', referee: { external_id: 'bal-friend' } })).json.rewards[0].id;
    await log({ type: 'sale', referee: { external_id: 'bal-friend' }, amount: 10000, currency: 'USD', order_id: 'bal-o1' });
    await log({ type: 'sale', referee: { external_id: 'bal-friend' }, amount: 5000, currency: 'USD', order_id: 'bal-o2' });
    await log({ type: 'refund', order_id: 'bal-o2' });
    expect((await call('POST', `/v1/rewards/${signupReward}/pay`, { key })).status).toBe(200);
    const manual = (body: Record<string, unknown>) => call('POST', '/v1/rewards', { key, body: { user_id: referrerId, ...body } });
    await manual({ type: 'credit', amount: 300, currency: 'USD', status: 'pending' });
    await manual({ type: 'points', points: 50 });
    await manual({ type: 'cash', amount: 200, currency: 'EUR' });

    const res = await call('GET', `/v1/users/${referrerId}/balance`, { key });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      object: 'balance',
      user_id: referrerId,
      currencies: [
        { currency: 'EUR', earned: 200, pending: 0, approved: 200, paid: 0, cancelled: 0 },
        { currency: 'USD', earned: 1800, pending: 300, approved: 1000, paid: 500, cancelled: 500 },
      ],
      credit: [{ currency: 'USD', earned: 300, pending: 300, approved: 0, paid: 0, cancelled: 0, balance: 0 }],
      points: { earned: 50, pending: 0, approved: 50, paid: 0, cancelled: 0, balance: 50 },
      vouchers: { earned: 0, pending: 0, approved: 0, paid: 0, cancelled: 0 },
      // The same money as the ledger's sums (docs/ledger.md): approved is available, the refunded sale's reward is gone.
      ledger: [
        { kind: 'cash', currency: 'EUR', pending: 0, available: 200, paid: 0, owed_back: 0 },
        { kind: 'cash', currency: 'USD', pending: 0, available: 1000, paid: 500, owed_back: 0 },
        { kind: 'credit', currency: 'USD', pending: 300, available: 0, paid: 0, owed_back: 0 },
        { kind: 'points', currency: null, pending: 0, available: 50, paid: 0, owed_back: 0 },
      ],
    });

    const user = await call('GET', `/v1/users/${referrerId}?with=rewards_due,rewards_issued`, { key });
    expect(user.status).toBe(200);
    expect(user.json.rewards_issued.map((r: { id: string }) => r.id)).toEqual([signupReward]);
    expect(user.json.rewards_due.map((r: { type: string; status: string }) => `${r.type}:${r.status}`).sort()).toEqual(['cash:approved', 'cash:approved', 'credit:pending', 'points:approved']);
    const list = await call('GET', `/v1/users?with=rewards_due&filters[0][field]=id&filters[0][value]=${referrerId}`, { key });
    expect(list.json.data[0].rewards_due).toHaveLength(4);
    expect(list.json.data[0].rewards_issued).toBeUndefined();
  });

  it('is all zeros for a user without rewards, and 404 for an unknown user', async () => {
    const { referrerId } = await campaignWithReferrer(key, 'zero', []);
    const res = await call('GET', `/v1/users/referrer-zero/balance`, { key });
    expect(res.json).toMatchObject({ user_id: referrerId, currencies: [], credit: [], points: { balance: 0 } });
    expectProblem(await call('GET', '/v1/users/nobody/balance', { key }), 404);
  });
});
