import { beforeAll, describe, expect, it } from 'vitest';
import { utcDay } from '../../worker/domain/visitor';
import { call, standardKey, workspace } from '../helpers';

/**
 * GET /v1/stats, the Overview's summary: signups, sales, revenue (net of refunds) and rewards per
 * day, checked against events made through the API with known days and amounts.
 */

const DAY = 86_400_000;
const T = utcDay(Date.now());
const T1 = utcDay(Date.now() - DAY);
const T2 = utcDay(Date.now() - 2 * DAY);
const at = (day: string) => `${day}T12:00:00Z`;
const Z = { visits: 0, unique_visits: 0, signups: 0, sales: 0, revenue: {}, rewards: 0, reward_value: {} };

let key: string;
let campaign1: string;
let campaign2: string;
let r1: string;
let r2: string;

async function ok(method: string, path: string, body: unknown) {
  const res = await call(method, path, { key, body });
  if (res.status >= 300) throw new Error(`${path}: ${res.status} ${res.text}`);
  return res.json;
}

beforeAll(async () => {
  const ws = await workspace('Stats summary');
  key = await standardKey(ws.test.adminKey);
  const live = { status: 'live', landing_url: 'https://shop.example.com/' };
  campaign1 = (
    await ok('POST', '/v1/campaigns', {
      name: 'One',
      ...live,
      rules: [
        { id: 'signup', trigger: 'signup', recipients: { referrer: { type: 'cash', amount: 100, currency: 'USD' } } },
        { id: 'sale', trigger: 'sale', recipients: { referrer: { type: 'percentage', percent: 10 } } },
      ],
    })
  ).id;
  campaign2 = (await ok('POST', '/v1/campaigns', { name: 'Two', ...live, rules: [{ id: 'signup', trigger: 'signup', recipients: { referrer: { type: 'credit', amount: 200, currency: 'EUR' } } }] })).id;
  const rae = await ok('POST', '/v1/users', { external_id: 'rae', campaign_id: campaign1 });
  const sam = await ok('POST', '/v1/users', { external_id: 'sam', campaign_id: campaign2 });
  r1 = rae.id;
  r2 = sam.id;
  const event = (body: Record<string, unknown>) => ok('POST', '/v1/referrals', body);
  await event({ type: 'signup', code: rae.referral_code, referee: { external_id: 'a' }, occurred_at: at(T2) });
  await event({ type: 'signup', code: rae.referral_code, referee: { external_id: 'b' }, occurred_at: at(T2) });
  await event({ type: 'signup', code: sam.referral_code, referee: { external_id: 'c' }, occurred_at: at(T1) });
  // Rejected (self-referral): not a signup.
  await event({ type: 'signup', code: rae.referral_code, referee: { external_id: 'rae' }, occurred_at: at(T1) });
  await event({ type: 'sale', referee: { external_id: 'a' }, amount: 10_000, currency: 'USD', order_id: 'o1', occurred_at: at(T1) });
  await event({ type: 'sale', referee: { external_id: 'b' }, amount: 5_000, currency: 'EUR', order_id: 'o2', occurred_at: at(T1) });
  await event({ type: 'sale', referee: { external_id: 'a' }, amount: 3_000, currency: 'USD', order_id: 'o3', occurred_at: at(T) });
  await event({ type: 'refund', order_id: 'o3', amount: 1_000, currency: 'USD', occurred_at: at(T) });
  await event({ type: 'sale', referee: { external_id: 'b' }, amount: 2_000, currency: 'USD', order_id: 'o4', occurred_at: at(T2) });
  await event({ type: 'refund', order_id: 'o4', occurred_at: at(T) });
});

const stats = async (query: string) => {
  const res = await call('GET', `/v1/stats?from=${T2}&to=${T}${query}`, { key });
  expect(res.status, res.text).toBe(200);
  return res.json;
};

describe('GET /v1/stats: signups, sales, revenue and rewards per day', () => {
  it('counts per day for the environment; revenue net of refunds; rewards on the day they were issued, cancelled ones out', async () => {
    const res = await stats('');
    expect(res.data).toEqual([
      // o4 was refunded in full: it stays a sale of T2, with nothing left of its revenue.
      { ...Z, day: T2, signups: 2, sales: 1 },
      { ...Z, day: T1, signups: 1, sales: 2, revenue: { USD: 10_000, EUR: 5_000 } },
      // o3 (3,000) less its 1,000 refund. Rewards: 2 × 100 USD, 200 EUR credit, 10% of o1 and o2, and
      // 10% of o3 (300) shrunk by the partial refund to 200 (docs/ledger.md); o4's was cancelled by its full refund.
      { ...Z, day: T, sales: 1, revenue: { USD: 2_000 }, rewards: 6, reward_value: { USD: 1_400, EUR: 700 } },
    ]);
    expect(res.totals).toEqual({ ...Z, signups: 3, sales: 4, revenue: { USD: 12_000, EUR: 5_000 }, rewards: 6, reward_value: { USD: 1_400, EUR: 700 } });
  });

  it('narrows to one campaign', async () => {
    const res = await stats(`&campaign_id=${campaign2}`);
    expect(res.totals).toEqual({ ...Z, signups: 1, rewards: 1, reward_value: { EUR: 200 } });
    expect(res.data[1]).toEqual({ ...Z, day: T1, signups: 1 });
  });

  it('narrows to one referrer: the events they referred, the rewards they received', async () => {
    const res = await stats(`&user_id=${r1}`);
    expect(res.totals).toEqual({ ...Z, signups: 2, sales: 4, revenue: { USD: 12_000, EUR: 5_000 }, rewards: 5, reward_value: { USD: 1_400, EUR: 500 } });
    expect((await stats(`&user_id=${r2}`)).totals).toEqual({ ...Z, signups: 1, rewards: 1, reward_value: { EUR: 200 } });
  });

  it('leaves out days outside the range', async () => {
    const res = await call('GET', `/v1/stats?from=${T1}&to=${T1}`, { key });
    expect(res.json.totals).toEqual({ ...Z, signups: 1, sales: 2, revenue: { USD: 10_000, EUR: 5_000 } });
  });
});
