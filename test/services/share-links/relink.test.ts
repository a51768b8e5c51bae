import { createExecutionContext, createMessageBatch, getQueueResult } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Bindings } from '../../../worker/env';
import worker from '../../../worker/index';
import type { WebhookMessage } from '../../../worker/outbox/messages';
import { type CodeRecord, putCode } from '../../../worker/services/share-links/link-records';
import { forgetCachedLinks } from '../../../worker/services/share-links/links';
import { standardKey, workspace } from '../../helpers';
import { follow, send } from '../../share-links';

/**
 * A campaign change reaches the code records KV holds (each carries a copy of its campaign's
 * record) through the relink on the real queue, and a follow heals a copy the relink missed.
 * "Fresh isolate" is forgetCachedLinks(): the next follow reads KV, not this isolate's caches.
 */

let key: string;
let n = 0;

beforeAll(async () => {
  key = await standardKey((await workspace('Relinks')).test.adminKey);
});

const codeRecord = (code: string) => env.LINKS.get<CodeRecord>(`code3:${code}`, 'json');

async function campaign(body: Record<string, unknown> = {}) {
  const res = await send('POST', '/v1/campaigns', { key, body: { name: `Relink ${++n}`, status: 'live', landing_url: 'https://shop.example.com/old', ...body } });
  if (res.status !== 201) throw new Error(`campaign: ${res.status} ${res.text}`);
  return res.json as { id: string };
}

/** A referrer whose link has been followed once, so KV holds its code record. */
async function followedReferrer(campaignId: string) {
  const res = await send('POST', '/v1/users', { key, body: { external_id: `ref-${++n}`, name: 'Rae', campaign_id: campaignId } });
  if (res.status !== 201) throw new Error(`user: ${res.status} ${res.text}`);
  const user = res.json as { id: string; referral_code: string };
  expect((await follow(user.referral_code)).status).toBe(302);
  expect(await codeRecord(user.referral_code)).not.toBeNull();
  return user;
}

const patchCampaign = async (id: string, body: Record<string, unknown>) => expect((await send('PATCH', `/v1/campaigns/${id}`, { key, body })).status).toBe(200);

/** Polls until `check` holds: the relink runs in the queue consumer, after the request. */
async function until(what: string, check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const relinked = (codes: readonly string[], landingUrl: string) => async () =>
  (await Promise.all(codes.map(codeRecord))).every((r) => r?.campaign.landingUrl === landingUrl);

const freshFollow = (code: string) => {
  forgetCachedLinks();
  return follow(code);
};

describe('a campaign change reaches the code records in KV', () => {
  it('sends a fresh isolate to the new landing URL once the relink has run', async () => {
    const c = await campaign();
    const { referral_code: code } = await followedReferrer(c.id);
    await patchCampaign(c.id, { landing_url: 'https://shop.example.com/new' });
    await until('the relink', relinked([code], 'https://shop.example.com/new'));
    expect((await freshFollow(code)).headers.get('location')).toBe(`https://shop.example.com/new?r=${code}`);
  });

  it('carries a new environment fallback to a link that leads nowhere else', async () => {
    const ws = await workspace('Relink fallback', null);
    const wsKey = await standardKey(ws.test.adminKey);
    const user = await send('POST', '/v1/users', { key: wsKey, body: { external_id: 'nowhere', name: 'Nia' } });
    const code = user.json.referral_code as string;
    expect((await freshFollow(code)).status).toBe(404);
    expect((await send('PATCH', '/v1/environment', { key: ws.test.adminKey, body: { fallback_url: 'https://shop.example.com/elsewhere' } })).status).toBe(200);
    await until('the relink', async () => (await codeRecord(code))?.campaign.environmentFallbackUrl === 'https://shop.example.com/elsewhere');
    expect((await freshFollow(code)).headers.get('location')).toBe('https://shop.example.com/elsewhere');
  });

  it('keeps redirecting a paused campaign\'s links, with the pause in the record', async () => {
    const c = await campaign();
    const { referral_code: code } = await followedReferrer(c.id);
    await patchCampaign(c.id, { status: 'paused', landing_url: 'https://shop.example.com/paused' });
    await until('the relink', relinked([code], 'https://shop.example.com/paused'));
    expect((await codeRecord(code))?.campaign.status).toBe('paused');
    expect((await freshFollow(code)).headers.get('location')).toBe(`https://shop.example.com/paused?r=${code}`);
  });

  it("does not bring back a deleted user's link, even from an index entry the deletion missed", async () => {
    const c = await campaign({ fallback_url: 'https://shop.example.com/ended' });
    const user = await followedReferrer(c.id);
    const record = (await codeRecord(user.referral_code)) as CodeRecord;
    expect((await send('DELETE', `/v1/users/${user.id}`, { key })).status).toBe(204);
    expect(await codeRecord(user.referral_code)).toBeNull();
    // A relink that read the user before the deletion may have put both back.
    await putCode(env as unknown as Bindings, user.referral_code, record);
    await patchCampaign(c.id, { landing_url: 'https://shop.example.com/new' });
    await until('the relink', async () => (await codeRecord(user.referral_code)) === null);
    expect(await env.LINKS.get(`links-of:${c.id}:${user.referral_code}`)).toBeNull();
    expect((await freshFollow(user.referral_code)).headers.get('location')).toBe('https://shop.example.com/ended');
  });

  it('rewrites every record of a campaign with more codes than one KV list page', async () => {
    const c = await campaign();
    const template = (await codeRecord((await followedReferrer(c.id)).referral_code)) as CodeRecord;
    for (let i = 0; i < 11; i++) {
      const rows = Array.from({ length: 100 }, (_, j) => ({ external_id: `bulk-${i}-${j}` }));
      const res = await send('POST', '/v1/users/import', { key, body: { campaign_id: c.id, rows } });
      expect(res.json.created).toBe(100);
    }
    const users = await env.DB.prepare('SELECT id, referral_code AS code FROM users WHERE campaign_id = ?').bind(c.id).all<{ id: string; code: string }>();
    expect(users.results.length).toBe(1101);
    // What 1,101 follows would have written back, written directly.
    await Promise.all(users.results.map((u) => putCode(env as unknown as Bindings, u.code, { ...template, userId: u.id })));
    const codes = users.results.map((u) => u.code);
    await patchCampaign(c.id, { landing_url: 'https://shop.example.com/bulk' });
    // Pages run in key order, each queued once the one before is written: the last code is the last write.
    const last = [...codes].sort().at(-1) as string;
    await until('the last page', relinked([last], 'https://shop.example.com/bulk'), 60_000);
    expect(await relinked(codes, 'https://shop.example.com/bulk')()).toBe(true);
    expect((await freshFollow(last)).headers.get('location')).toBe(`https://shop.example.com/bulk?r=${last}`);
  });
});

describe('the relink consumer', () => {
  it('relinks two pages per batch, drops a duplicate and puts the rest back on the queue without spending a retry', async () => {
    const campaigns = await Promise.all([campaign(), campaign(), campaign()]);
    const codes = [];
    for (const c of campaigns) codes.push((await followedReferrer(c.id)).referral_code);
    // Changed behind the API's back, so only the batch below relinks them.
    for (const c of campaigns) await env.DB.prepare('UPDATE campaigns SET landing_url = ? WHERE id = ?').bind('https://shop.example.com/batched', c.id).run();
    const bodies: WebhookMessage[] = [...campaigns, campaigns[0] as { id: string }].map((c) => ({ kind: 'relink', campaignId: c.id, cursor: null }));
    const batch = createMessageBatch<WebhookMessage>('referrio-webhooks', bodies.map((body, i) => ({ id: `relink-${n}-${i}`, timestamp: new Date(), attempts: 1, body })));
    const ctx = createExecutionContext();
    await worker.queue(batch, env);
    const result = await getQueueResult(batch, ctx);
    expect(result.retryMessages).toEqual([]);
    expect([...result.explicitAcks].sort()).toEqual(bodies.map((_, i) => `relink-${n}-${i}`).sort());
    expect(await relinked(codes.slice(0, 2), 'https://shop.example.com/batched')()).toBe(true);
    expect((await codeRecord(codes[2] as string))?.campaign.landingUrl).toBe('https://shop.example.com/old');
    await until('the page put back on the queue', relinked(codes.slice(2), 'https://shop.example.com/batched'));
  });
});

describe('a follow heals a record the relink missed', () => {
  it('serves a stale copy once, then rewrites it: the next fresh isolate goes to the current landing URL', async () => {
    const c = await campaign({ landing_url: 'https://shop.example.com/current' });
    const { referral_code: code } = await followedReferrer(c.id);
    const record = (await codeRecord(code)) as CodeRecord;
    const stale = { ...record, campaign: { ...record.campaign, landingUrl: 'https://shop.example.com/stale', asOf: record.campaign.asOf - 60_000 } };
    await env.LINKS.put(`code3:${code}`, JSON.stringify(stale));
    expect((await freshFollow(code)).headers.get('location')).toBe(`https://shop.example.com/stale?r=${code}`);
    expect((await codeRecord(code))?.campaign.landingUrl).toBe('https://shop.example.com/current');
    expect((await freshFollow(code)).headers.get('location')).toBe(`https://shop.example.com/current?r=${code}`);
  });

  it('never rolls a newer copy back to an older campaign record', async () => {
    const c = await campaign({ landing_url: 'https://shop.example.com/current' });
    const { referral_code: code } = await followedReferrer(c.id);
    const record = (await codeRecord(code)) as CodeRecord;
    // As a relink leaves it when KV's campaign record is still the one from before the change.
    const newer = { ...record, campaign: { ...record.campaign, landingUrl: 'https://shop.example.com/next', asOf: record.campaign.asOf + 60_000 } };
    await env.LINKS.put(`code3:${code}`, JSON.stringify(newer));
    expect((await freshFollow(code)).headers.get('location')).toBe(`https://shop.example.com/next?r=${code}`);
    expect((await codeRecord(code))?.campaign.landingUrl).toBe('https://shop.example.com/next');
  });
});
