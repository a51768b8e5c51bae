import { runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { expect, it } from 'vitest';
import type { CampaignObject } from '../../worker/durable-objects/campaign/campaign';
import { call, standardKey, workspace } from '../helpers';

/** Events about one referral and its rewards, as D1 holds them. */
const eventsOf = async (referralId: string, rewardIds: string[]) =>
  (
    await env.DB.prepare(`SELECT id, type, json_extract(data, '$.id') AS object_id FROM events WHERE json_extract(data, '$.id') IN (${[referralId, ...rewardIds].map(() => '?').join(',')}) ORDER BY id`)
      .bind(referralId, ...rewardIds)
      .all<{ id: string; type: string; object_id: string }>()
  ).results;

it("the campaign object's projection writes each referral and reward event once, however often it runs, and restores them after a crash", async () => {
  const ws = await workspace();
  const key = await standardKey(ws.test.adminKey);
  const rules = [{ id: 'r', trigger: 'sale', recipients: { referrer: { type: 'cash', amount: 100, currency: 'USD' } } }];
  await call('PATCH', `/v1/campaigns/${ws.test.campaignId}`, { key, body: { rules } });
  const referrer = await call('POST', '/v1/users', { key, body: { external_id: 'proj-referrer' } });
  const logged = await call('POST', '/v1/referrals', { key, body: { code: referrer.json.referral_code, type: 'sale', amount: 1000, currency: 'USD', order_id: 'proj-1' } });
  const rewardIds = logged.json.rewards.map((r: { id: string }) => r.id);
  const first = await eventsOf(logged.json.id, rewardIds);
  expect(first.map((e) => e.type).sort()).toEqual(['referral.created', 'referral.qualified', 'reward.created']);

  const stub = env.CAMPAIGN.getByName(ws.test.campaignId);
  const rerun = () =>
    runInDurableObject(stub, (_o: CampaignObject, state) => {
      state.storage.sql.exec('INSERT INTO outbox (dedupe_key) VALUES (?)', 'sale:order:proj-1');
      return state.storage.setAlarm(Date.now() + 60_000);
    }).then(() => runDurableObjectAlarm(stub));

  // The projection runs again (an alarm after a request that did finish): nothing new.
  expect(await rerun()).toBe(true);
  expect(await eventsOf(logged.json.id, rewardIds)).toEqual(first);

  // A crash lost the D1 writes, events included: the alarm restores them with the same ids.
  await env.DB.batch([
    env.DB.prepare(`DELETE FROM events WHERE id IN (${first.map(() => '?').join(',')})`).bind(...first.map((e) => e.id)),
    env.DB.prepare('DELETE FROM rewards WHERE referral_id = ?').bind(logged.json.id),
    env.DB.prepare('DELETE FROM referrals WHERE id = ?').bind(logged.json.id),
  ]);
  expect(await rerun()).toBe(true);
  expect(await eventsOf(logged.json.id, rewardIds)).toEqual(first);
});
