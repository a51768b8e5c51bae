import { runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import type { CampaignObject } from '../../worker/durable-objects/campaign/campaign';
import { call, standardKey, workspace } from '../helpers';

const storedCodes = (stub: DurableObjectStub<CampaignObject>) =>
  runInDurableObject(stub, (_o: CampaignObject, state) => state.storage.sql.exec<{ n: number }>('SELECT count(*) AS n FROM codes').one().n);

describe('CampaignObject', () => {
  it('mints 100,000 codes, many of them concurrently and for the same name, without a duplicate', async () => {
    const stub = env.CAMPAIGN.getByName('collision-test');
    // 10,000 single mints for "JANE", 500 in flight at a time, raced against bulk mints
    // (90 × 1,000, half for "JANE") that run concurrently with them.
    const singles = async () => {
      const out: string[] = [];
      for (let round = 0; round < 20; round++) out.push(...(await Promise.all(Array.from({ length: 500 }, () => stub.mint('JANE', 6)))));
      return out;
    };
    const bulks = Promise.all(Array.from({ length: 90 }, (_, i) => stub.mintMany(Array.from({ length: 1000 }, (_, j) => (j % 2 ? 'JANE' : `P${i % 7}`)), 6)));
    const [single, bulk] = await Promise.all([singles(), bulks]);
    const codes = [...single, ...bulk.flat()];
    expect(codes).toHaveLength(100_000);
    expect(new Set(codes).size).toBe(100_000);
    expect(codes.filter((c) => c.startsWith('JANE-'))).toHaveLength(55_000);
    expect(await storedCodes(stub)).toBe(100_000);
  });

  it('never hands out a code that was claimed as a vanity code', async () => {
    const stub = env.CAMPAIGN.getByName('claims');
    expect(await stub.claim('JANE-AAAAAA')).toBe(true);
    expect(await stub.claim('JANE-AAAAAA')).toBe(false);
  });

  it('lets exactly one of many concurrent claims of the same code win', async () => {
    const stub = env.CAMPAIGN.getByName('claim-race');
    const results = await Promise.all(Array.from({ length: 200 }, () => stub.claim('SUMMER-SALE')));
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it('frees a released code for a later claim', async () => {
    const stub = env.CAMPAIGN.getByName('release');
    await stub.claim('MARK-7K2M9Q');
    await stub.release('MARK-7K2M9Q');
    expect(await stub.claim('MARK-7K2M9Q')).toBe(true);
  });

  it('lengthens the suffix instead of failing when the short space is full', async () => {
    const stub = env.CAMPAIGN.getByName('crowded');
    // Fill every 1-character suffix for prefix X (32 codes), then ask for more.
    await runInDurableObject(stub, (_o: CampaignObject, state) => {
      for (const ch of '0123456789ABCDEFGHJKMNPQRSTVWXYZ') state.storage.sql.exec('INSERT INTO codes VALUES (?, 0)', `X-${ch}`);
    });
    const code = await stub.mint('X', 1);
    expect(code).toMatch(/^X-[0-9A-HJKMNP-TV-Z]{2}$/);
  });
});

describe('CampaignObject event outbox', () => {
  it('writes an event to D1 from the alarm when the request that decided it never did', async () => {
    const ws = await workspace();
    const key = await standardKey(ws.test.adminKey);
    const rules = [{ id: 'r', trigger: 'sale', recipients: { referrer: { type: 'cash', amount: 100, currency: 'USD' } } }];
    await call('PATCH', `/v1/campaigns/${ws.test.campaignId}`, { key, body: { rules } });
    const referrer = await call('POST', '/v1/users', { key, body: { external_id: 'outbox-referrer' } });
    const logged = await call('POST', '/v1/referrals', { key, body: { code: referrer.json.referral_code, type: 'sale', amount: 1000, currency: 'USD', order_id: 'crash-1' } });
    // Simulate a crash between the decision and its projection: D1 lost the rows, the outbox still names the event.
    await env.DB.batch([env.DB.prepare('DELETE FROM rewards WHERE referral_id = ?').bind(logged.json.id), env.DB.prepare('DELETE FROM referrals WHERE id = ?').bind(logged.json.id)]);
    const stub = env.CAMPAIGN.getByName(ws.test.campaignId);
    await runInDurableObject(stub, (_o: CampaignObject, state) => {
      state.storage.sql.exec('INSERT INTO outbox (dedupe_key) VALUES (?)', 'sale:order:crash-1');
      return state.storage.setAlarm(Date.now() + 60_000);
    });
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    const restored = await call('GET', `/v1/referrals/${logged.json.id}`, { key });
    expect(restored.json).toEqual(logged.json);
    const outbox = await runInDurableObject(stub, (_o: CampaignObject, state) => state.storage.sql.exec<{ n: number }>('SELECT count(*) AS n FROM outbox').one().n);
    expect(outbox).toBe(0);
  });
});
