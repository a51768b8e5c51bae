import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { call, standardKey, workspace } from '../helpers';

let key: string;

beforeAll(async () => {
  const ws = await workspace();
  key = await standardKey(ws.test.adminKey);
});

async function campaignWithReferrers(name: string, rules: unknown[], referrers: number, extra: Record<string, unknown> = {}) {
  const campaign = await call('POST', '/v1/campaigns', { key, body: { name, status: 'live', rules, ...extra } });
  const codes: string[] = [];
  for (let i = 0; i < referrers; i++) {
    codes.push((await call('POST', '/v1/users', { key, body: { external_id: `${name}-referrer-${i}`, name: 'Ray', campaign_id: campaign.json.id } })).json.referral_code);
  }
  return { campaignId: campaign.json.id as string, codes };
}

const sale = (code: string, orderId: string) => call('POST', '/v1/referrals', { key, body: { code, type: 'sale', amount: 2500, currency: 'USD', order_id: orderId } });

const rewardStats = async (campaignId: string) =>
  (await env.DB.prepare("SELECT count(*) AS n, coalesce(sum(amount), 0) AS total FROM rewards WHERE campaign_id = ? AND status != 'cancelled'").bind(campaignId).first<{ n: number; total: number }>()) ?? { n: 0, total: 0 };

describe('500 concurrent events at one campaign', () => {
  it('counts each order once and never exceeds a per-referrer cap, with duplicates and retries mixed in', async () => {
    const rule = { id: 'per-sale', trigger: 'sale', max_rewards_per_referrer: 30, recipients: { referrer: { type: 'cash', amount: 100, currency: 'USD' } } };
    const { campaignId, codes } = await campaignWithReferrers('capped', [rule], 5);
    const orders = codes.flatMap((code, r) => Array.from({ length: 60 }, (_, i) => ({ code, orderId: `cap-${r}-${i}` })));
    // 300 distinct orders, then 200 of them sent again at the same moment (duplicates and retries).
    const requests = [...orders, ...orders.filter((_, i) => i % 3 !== 0).slice(0, 200)];
    const responses = await Promise.all(requests.map((o) => sale(o.code, o.orderId)));

    expect(responses.filter((r) => r.status === 201)).toHaveLength(300);
    expect(responses.filter((r) => r.status === 200)).toHaveLength(200);
    const idsByOrder = new Map<string, Set<string>>();
    responses.forEach((r, i) => {
      idsByOrder.set(requests[i]!.orderId, (idsByOrder.get(requests[i]!.orderId) ?? new Set()).add(r.json.id));
    });
    expect([...idsByOrder.values()].every((ids) => ids.size === 1)).toBe(true);

    const referrals = await env.DB.prepare('SELECT count(*) AS n FROM referrals WHERE campaign_id = ?').bind(campaignId).first<{ n: number }>();
    expect(referrals?.n).toBe(300);
    expect(await rewardStats(campaignId)).toEqual({ n: 150, total: 15_000 });
    const perReferrer = await env.DB.prepare('SELECT user_id, count(*) AS n FROM rewards WHERE campaign_id = ? GROUP BY user_id').bind(campaignId).all<{ n: number }>();
    expect(perReferrer.results.map((r) => r.n)).toEqual([30, 30, 30, 30, 30]);
  });

  it('never spends past the budget', async () => {
    const rule = { id: 'flat', trigger: 'sale', recipients: { referrer: { type: 'cash', amount: 100, currency: 'USD' } } };
    const { campaignId, codes } = await campaignWithReferrers('budgeted', [rule], 2, { budget: { amount: 12_345, currency: 'USD' } });
    const responses = await Promise.all(Array.from({ length: 500 }, (_, i) => sale(codes[i % 2]!, `budget-${i}`)));
    expect(responses.every((r) => r.status === 201)).toBe(true);
    expect(await rewardStats(campaignId)).toEqual({ n: 123, total: 12_300 });
    expect(responses.filter((r) => r.json.reasons.some((x: { reason: string }) => x.reason === 'budget_exhausted'))).toHaveLength(377);
  });

  it('rewards every Nth referral exactly once per milestone under concurrency', async () => {
    const rule = { id: 'every-10', trigger: 'sale', milestone: { every: true, n: 10 }, recipients: { referrer: { type: 'points', points: 1 } } };
    const { campaignId, codes } = await campaignWithReferrers('milestones', [rule], 1);
    await Promise.all(Array.from({ length: 505 }, (_, i) => sale(codes[0]!, `m-${i}`)));
    const rewards = await env.DB.prepare('SELECT count(*) AS n FROM rewards WHERE campaign_id = ?').bind(campaignId).first<{ n: number }>();
    expect(rewards?.n).toBe(50);
  });
});
