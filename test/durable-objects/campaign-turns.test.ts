import { runInDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { expect, it } from 'vitest';
import { getDb } from '../../worker/db/client';
import type { CampaignObject } from '../../worker/durable-objects/campaign/campaign';
import type { EventInput, EventResult } from '../../worker/durable-objects/campaign/campaign-events';
import { findCampaign } from '../../worker/services/campaigns/campaigns';
import { campaignTerms } from '../../worker/services/referrals/referrals';
import { call, standardKey, workspace } from '../helpers';

// Events that reach a campaign object together are decided in one turn (one storage commit) and
// go to D1 in one burst: what a caller sees must be exactly what one-at-a-time gave.

async function setup(amount = 700) {
  const ws = await workspace();
  const key = await standardKey(ws.test.adminKey);
  const rules = [{ id: 'sale', trigger: 'sale', recipients: { referrer: { type: 'cash', amount, currency: 'USD' } } }];
  await call('PATCH', `/v1/campaigns/${ws.test.campaignId}`, { key, body: { rules } });
  const referrer = await call('POST', '/v1/users', { key, body: { external_id: 'turns-referrer' } });
  const campaign = await findCampaign(getDb(env), ws.test.environmentId, ws.test.campaignId);
  if (!campaign) throw new Error('campaign not found');
  const stub = env.CAMPAIGN.getByName(campaign.id);
  const input = (over: Partial<EventInput> & { orderId: string }): EventInput => ({
    environmentId: ws.test.environmentId,
    campaignId: campaign.id,
    dedupeKey: `${over.type ?? 'sale'}:order:${over.orderId}`,
    type: 'sale',
    referrerId: referrer.json.id as string,
    refereeId: null,
    refereeSignedUpAt: null,
    amount: 2500,
    currency: 'USD',
    occurredAt: new Date().toISOString(),
    metadata: {},
    rejection: null,
    refundOf: null,
    ...campaignTerms(campaign),
    ...over,
  });
  // The stub's RPC typing turns EventResult into never (as in services/referrals, which annotates it).
  const record = (event: EventInput) => stub.record(event) as Promise<EventResult & { duplicate: boolean }>;
  const d1 = async (sql: string, ...binds: unknown[]) => (await env.DB.prepare(sql).bind(...binds).all()).results;
  return { ws, key, campaign, stub, record, input, d1 };
}

it('decides 300 events sent at once, each order exactly once, and D1 holds them all when the calls return', async () => {
  const { campaign, stub, record, input, d1 } = await setup();
  // 150 orders, each sent twice, all in flight together.
  const orders = Array.from({ length: 150 }, (_, i) => `together-${i}`);
  const answers = await Promise.all([...orders, ...orders].map((orderId) => record(input({ orderId }))));
  const byOrder = new Map<string, typeof answers>();
  for (const a of answers) byOrder.set(a.referral.orderId as string, [...(byOrder.get(a.referral.orderId as string) ?? []), a]);
  expect(byOrder.size).toBe(150);
  for (const [, pair] of byOrder) {
    expect(pair).toHaveLength(2);
    expect(pair.filter((a) => a.duplicate)).toHaveLength(1);
    expect(pair[0]?.referral.id).toBe(pair[1]?.referral.id);
    expect(pair[0]?.rewards.map((r) => r.id)).toEqual(pair[1]?.rewards.map((r) => r.id));
  }
  const [referrals] = await d1('SELECT count(*) AS n, count(DISTINCT order_id) AS orders FROM referrals WHERE campaign_id = ?', campaign.id);
  expect(referrals).toEqual({ n: 150, orders: 150 });
  const [rewards] = await d1('SELECT count(*) AS n, sum(amount) AS total FROM rewards WHERE campaign_id = ?', campaign.id);
  expect(rewards).toEqual({ n: 150, total: 150 * 700 });
  const outbox = await runInDurableObject(stub, (_o: CampaignObject, state) => state.storage.sql.exec<{ n: number }>('SELECT count(*) AS n FROM outbox').one().n);
  expect(outbox).toBe(0);
});

it('a refund decided in the same turn as its sale cancels the sale’s reward before the calls return', async () => {
  const { record, input, d1 } = await setup();
  const [sale, refund] = await Promise.all([
    record(input({ orderId: 'same-turn' })),
    record(input({ orderId: 'same-turn', type: 'refund', amount: null, refundOf: 'sale:order:same-turn' })),
  ]);
  expect(sale.referral.status).toBe('qualified');
  expect(refund.outcomes.map((o) => o.reason)).toEqual(['refund_recorded']);
  const rows = await d1('SELECT status, status_reason FROM rewards WHERE referral_id = ?', sale.referral.id);
  expect(rows).toEqual([{ status: 'cancelled', status_reason: 'refunded' }]);
  const [referral] = await d1('SELECT status FROM referrals WHERE id = ?', sale.referral.id);
  expect(referral).toEqual({ status: 'refunded' });
});

it('an event that cannot be decided fails alone: its turn’s other events stand, and it leaves nothing behind', async () => {
  const { campaign, record, input, d1 } = await setup();
  // Rules that are not a list make the evaluation throw, after the object stored them as newer.
  const broken = input({ orderId: 'broken', rules: { version: campaign.rulesVersion + 5, rules: null as never } });
  const outcomes = await Promise.allSettled([
    record(input({ orderId: 'before-broken' })),
    record(broken),
    record(input({ orderId: 'after-broken' })),
  ]);
  expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  // Rolled back: the broken rules did not replace the campaign's, and the order was never decided.
  const after = await record(input({ orderId: 'later' }));
  expect(after.rewards.map((r) => r.amount)).toEqual([700]);
  expect([after.referral.rulesVersion, ...after.rewards.map((r) => r.rulesVersion)]).toEqual([campaign.rulesVersion, campaign.rulesVersion]);
  const retried = await record(input({ orderId: 'broken' }));
  expect(retried.duplicate).toBe(false);
  expect(retried.rewards.map((r) => r.amount)).toEqual([700]);
  const orders = await d1('SELECT order_id FROM referrals WHERE campaign_id = ? ORDER BY order_id', campaign.id);
  expect(orders.map((r) => r.order_id)).toEqual(['after-broken', 'before-broken', 'broken', 'later']);
});
