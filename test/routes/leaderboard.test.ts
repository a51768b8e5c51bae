import { beforeAll, describe, expect, it } from 'vitest';
import { call, expectProblem, standardKey, workspace } from '../helpers';

let key: string;
let campaignId: string;
const referrer: Record<string, string> = {};

beforeAll(async () => {
  const ws = await workspace();
  key = await standardKey(ws.test.adminKey);
  const rules = [
    { id: 'signup', trigger: 'signup', recipients: { referrer: { type: 'cash', amount: 100, currency: 'USD' } } },
    { id: 'sale', trigger: 'sale', recipients: { referrer: { type: 'cash', amount: 100, currency: 'USD' } } },
  ];
  campaignId = (await call('POST', '/v1/campaigns', { key, body: { name: 'Board', status: 'live', landing_url: 'https://shop.example.com/', rules } })).json.id;
  for (const name of ['ann', 'bob', 'cat', 'dan']) {
    const user = await call('POST', '/v1/users', { key, body: { external_id: name, name, campaign_id: campaignId } });
    referrer[name] = user.json.referral_code;
  }
  const log = async (body: Record<string, unknown>) => {
    const res = await call('POST', '/v1/referrals', { key, body });
    if (res.status !== 201) throw new Error(res.text);
  };
  const signups: [string, number][] = [
    ['ann', 3],
    ['bob', 2],
    ['cat', 2],
  ];
  for (const [name, count] of signups) {
    for (let i = 0; i < count; i++) await log({ code: referrer[name], type: 'signup', referee: { external_id: `${name}-friend-${i}` } });
  }
  await log({ type: 'sale', referee: { external_id: 'bob-friend-0' }, amount: 5000, currency: 'USD', order_id: 'b1' });
  await log({ type: 'sale', referee: { external_id: 'bob-friend-1' }, amount: 3000, currency: 'USD', order_id: 'b2' });
  await log({ type: 'sale', referee: { external_id: 'cat-friend-0' }, amount: 10000, currency: 'USD', order_id: 'c1' });
  await log({ type: 'refund', order_id: 'c1' });
  await log({ type: 'sale', referee: { external_id: 'ann-friend-0' }, amount: 1000, currency: 'EUR', order_id: 'a1' });
});

const board = async (query: string) => {
  const res = await call('GET', `/v1/campaigns/${campaignId}/leaderboard?${query}`, { key });
  expect(res.status, res.text).toBe(200);
  return res.json as { by: string; currency: string | null; data: { rank: number; external_id: string; value: number }[] };
};
// Within a shared rank the order is enrolment order; compare by name so equal timestamps cannot flake.
const rows = (b: Awaited<ReturnType<typeof board>>) =>
  b.data.map((r) => [r.rank, r.external_id, r.value] as const).sort((x, y) => x[0] - y[0] || x[1].localeCompare(y[1]));

describe('GET /v1/campaigns/{id}/leaderboard', () => {
  it('ranks by referred people by default, ties sharing a rank', async () => {
    const b = await board('');
    expect(b.by).toBe('referrals');
    expect(rows(b)).toEqual([
      [1, 'ann', 3],
      [2, 'bob', 2],
      [2, 'cat', 2],
    ]);
  });

  it('ranks by revenue in one currency, refunded sales excluded', async () => {
    expect(rows(await board('by=revenue'))).toEqual([[1, 'bob', 8000]]);
    const eur = await board('by=revenue&currency=eur');
    expect(eur.currency).toBe('EUR');
    expect(rows(eur)).toEqual([[1, 'ann', 1000]]);
  });

  it('ranks by rewards earned and not cancelled', async () => {
    expect(rows(await board('by=rewards&limit=10'))).toEqual([
      [1, 'ann', 4],
      [1, 'bob', 4],
      [3, 'cat', 2],
    ]);
  });

  it('names bad parameters', async () => {
    for (const [query, field] of [
      ['limit=9', 'limit'],
      ['limit=101', 'limit'],
      ['by=clicks', 'by'],
      ['sort=asc', 'sort'],
    ]) {
      const res = await call('GET', `/v1/campaigns/${campaignId}/leaderboard?${query}`, { key });
      expect(expectProblem(res, 400).errors?.map((e) => e.field), query).toEqual([field]);
    }
    expectProblem(await call('GET', '/v1/campaigns/cmp_nope/leaderboard', { key }), 404);
  });
});
