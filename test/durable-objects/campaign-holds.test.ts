import { runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { expect, it } from 'vitest';
import type { CampaignObject } from '../../worker/durable-objects/campaign/campaign';
import { call, standardKey, workspace } from '../helpers';
import { campaignWithReferrer, cash, signup } from '../rewards-setup';

const statusOf = async (id: string) => env.DB.prepare('SELECT status, status_reason FROM rewards WHERE id = ?').bind(id).first<{ status: string; status_reason: string | null }>();

it("the campaign object's alarm releases a held reward once its hold passes, without anyone reading it", async () => {
  const ws = await workspace();
  const key = await standardKey(ws.test.adminKey);
  const { code, campaignId } = await campaignWithReferrer(key, 'alarm', [cash(900, { hold_days: 30 })]);
  const held = (await signup(key, code, 'alarm-friend-1')).rewards[0]?.id as string;
  const later = (await signup(key, code, 'alarm-friend-2')).rewards[0]?.id as string;
  const stub = env.CAMPAIGN.getByName(campaignId);

  // The alarm before the hold passes changes nothing and wakes again at the hold's end.
  await runDurableObjectAlarm(stub);
  expect(await statusOf(held)).toEqual({ status: 'pending', status_reason: 'on_hold' });
  const wake = await runInDurableObject(stub, (_o: CampaignObject, state) => state.storage.getAlarm());
  const holdUntil = (await call('GET', `/v1/rewards/${held}`, { key })).json.hold_until as string;
  expect(wake).toBe(Date.parse(holdUntil));

  // Time passing: move one hold into the past, in D1 and in the object, instead of waiting 30 days.
  const past = new Date(Date.now() - 1000).toISOString();
  await env.DB.prepare('UPDATE rewards SET hold_until = ? WHERE id = ?').bind(past, held).run();
  await runInDurableObject(stub, (_o: CampaignObject, state) => state.storage.sql.exec('UPDATE holds SET hold_until = ? WHERE reward_id = ?', past, held));

  expect(await runDurableObjectAlarm(stub)).toBe(true);
  expect(await statusOf(held)).toEqual({ status: 'approved', status_reason: null });
  expect(await statusOf(later)).toEqual({ status: 'pending', status_reason: 'on_hold' });
  // Running it again is harmless.
  await runInDurableObject(stub, (_o: CampaignObject, state) => state.storage.setAlarm(Date.now()));
  await runDurableObjectAlarm(stub);
  expect(await statusOf(held)).toEqual({ status: 'approved', status_reason: null });
});

it('does not release a held reward that was cancelled meanwhile', async () => {
  const ws = await workspace('Other');
  const key = await standardKey(ws.test.adminKey);
  const { code, campaignId } = await campaignWithReferrer(key, 'alarm-c', [cash(900, { hold_days: 30 })]);
  const held = (await signup(key, code, 'alarm-c-friend')).rewards[0]?.id as string;
  await call('POST', `/v1/rewards/${held}/cancel`, { key });
  const stub = env.CAMPAIGN.getByName(campaignId);
  const past = new Date(Date.now() - 1000).toISOString();
  await runInDurableObject(stub, (_o: CampaignObject, state) => state.storage.sql.exec('UPDATE holds SET hold_until = ? WHERE reward_id = ?', past, held));
  await env.DB.prepare('UPDATE rewards SET hold_until = ? WHERE id = ?').bind(past, held).run();
  await runDurableObjectAlarm(stub);
  expect((await statusOf(held))?.status).toBe('cancelled');
});

it('an alarm parked at a far-off hold is brought forward when a new event needs the 30 s projection retry', async () => {
  const ws = await workspace('Third');
  const key = await standardKey(ws.test.adminKey);
  const { code, campaignId } = await campaignWithReferrer(key, 'alarm-r', [cash(900, { hold_days: 30 })]);
  await signup(key, code, 'alarm-r-friend-1');
  const stub = env.CAMPAIGN.getByName(campaignId);
  await runDurableObjectAlarm(stub);
  const parked = await runInDurableObject(stub, (_o: CampaignObject, state) => state.storage.getAlarm());
  expect(parked).toBeGreaterThan(Date.now() + 86_400_000);

  await signup(key, code, 'alarm-r-friend-2');
  const wake = await runInDurableObject(stub, (_o: CampaignObject, state) => state.storage.getAlarm());
  expect(wake).toBeLessThanOrEqual(Date.now() + 30_000);
});
