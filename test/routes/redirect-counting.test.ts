import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { standardKey, workspace } from '../helpers';
import { countingD1, flushClicks, follow, send } from '../share-links';
import { BATCH_WINDOW_MS } from '../../worker/services/share-links/click-batch';
import { forgetCachedLinks } from '../../worker/services/share-links/links';

let key: string;
let campaignId: string;

beforeAll(async () => {
  const ws = await workspace('Counting');
  key = await standardKey(ws.test.adminKey);
  campaignId = ws.test.campaignId;
});

let n = 0;
async function referrer(campaign = campaignId) {
  const res = await send('POST', '/v1/users', { key, body: { external_id: `counted-${++n}`, name: 'Rita', campaign_id: campaign } });
  if (res.status !== 201) throw new Error(`user: ${res.status} ${res.text}`);
  return res.json as { id: string; referral_code: string; campaign_id: string };
}

async function visitsOf(user: { id: string; campaign_id: string }) {
  await flushClicks(user.campaign_id, user.id);
  const res = await send('GET', `/v1/users/${user.id}`, { key });
  return { visits: res.json.visits as number, unique: res.json.unique_visits as number };
}

describe('visit counting', () => {
  it('counts a followed link once, after the response', async () => {
    const user = await referrer();
    expect(await visitsOf(user)).toEqual({ visits: 0, unique: 0 });
    expect((await follow(user.referral_code)).status).toBe(302);
    expect(await visitsOf(user)).toEqual({ visits: 1, unique: 1 });
  });

  it("counts a click on the user's share_url, which leads to its direct_url", async () => {
    const user = (await referrer()) as Awaited<ReturnType<typeof referrer>> & { share_url: string; direct_url: string };
    expect(new URL(user.share_url).pathname).toBe(`/r/${user.referral_code}`);
    const res = await send('GET', new URL(user.share_url).pathname, { headers: { accept: 'text/html' } });
    expect(res.headers.get('location')).toBe(user.direct_url);
    expect(await visitsOf(user)).toEqual({ visits: 1, unique: 1 });
  });

  it('sends a click batch by itself once its window has passed', async () => {
    const user = await referrer();
    const started = Date.now();
    expect((await follow(user.referral_code, {}, undefined, true)).status).toBe(302);
    expect(Date.now() - started).toBeGreaterThanOrEqual(BATCH_WINDOW_MS - 50);
    expect(await visitsOf(user)).toEqual({ visits: 1, unique: 1 });
  });

  it('counts every click as a visit but repeat clicks by one visitor as one unique visit', async () => {
    const user = await referrer();
    for (let i = 0; i < 3; i++) await follow(user.referral_code);
    await follow(user.referral_code, { 'cf-connecting-ip': '198.51.100.20' });
    await follow(user.referral_code, { 'user-agent': 'Mozilla/5.0 (Linux; Android 14) Chrome/131.0 Mobile Safari/537.36' });
    expect(await visitsOf(user)).toEqual({ visits: 5, unique: 3 });
  });

  it('records exactly as many visits as 500 concurrent clicks', async () => {
    const user = await referrer();
    const responses = await Promise.all(Array.from({ length: 500 }, (_, i) => follow(user.referral_code, { 'cf-connecting-ip': `10.0.${i >> 8}.${i & 255}` })));
    expect(responses.every((r) => r.status === 302)).toBe(true);
    expect(await visitsOf(user)).toEqual({ visits: 500, unique: 500 });
  });

  it('counts 300 concurrent clicks by 30 visitors as 300 visits and 30 unique visits', async () => {
    const user = await referrer();
    await Promise.all(Array.from({ length: 300 }, (_, i) => follow(user.referral_code, { 'cf-connecting-ip': `10.1.0.${i % 30}` })));
    expect(await visitsOf(user)).toEqual({ visits: 300, unique: 30 });
  });

  it('carries clicks that arrive together to the aggregator in a few calls, not one each', async () => {
    const user = await referrer();
    let calls = 0;
    const clicks = new Proxy(env.CLICKS, {
      get(target, prop) {
        if (prop !== 'getByName') return Reflect.get(target, prop);
        return (name: string) => {
          const stub = target.getByName(name);
          return new Proxy(stub, {
            get: (s, p) => (p === 'recordBatch' ? (...args: Parameters<typeof stub.recordBatch>) => {
                  calls++;
                  return s.recordBatch(...args);
                } : Reflect.get(s, p)),
          });
        };
      },
    });
    await Promise.all(Array.from({ length: 100 }, () => follow(user.referral_code, {}, { CLICKS: clicks })));
    expect(calls).toBeGreaterThan(0);
    expect(calls).toBeLessThanOrEqual(10);
    expect((await visitsOf(user)).visits).toBe(100);
  });

  it('redirects but counts nothing while the campaign is paused', async () => {
    const campaign = await send('POST', '/v1/campaigns', { key, body: { name: 'Paused', status: 'live', landing_url: 'https://shop.example.com/' } });
    const user = await referrer(campaign.json.id);
    await follow(user.referral_code);
    await send('PATCH', `/v1/campaigns/${campaign.json.id}`, { key, body: { status: 'paused' } });
    expect((await follow(user.referral_code)).status).toBe(302);
    expect(await visitsOf(user)).toEqual({ visits: 1, unique: 1 });
  });

  it('counts nothing for a campaign that has ended', async () => {
    const campaign = await send('POST', '/v1/campaigns', { key, body: { name: 'Over', status: 'live', landing_url: 'https://shop.example.com/' } });
    const user = await referrer(campaign.json.id);
    await send('PATCH', `/v1/campaigns/${campaign.json.id}`, { key, body: { status: 'ended' } });
    expect((await follow(user.referral_code)).status).toBe(302);
    expect(await visitsOf(user)).toEqual({ visits: 0, unique: 0 });
  });

  it.each([
    'Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)',
    'facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)',
    'Twitterbot/1.0',
    'WhatsApp/2.23.20.0 A',
    'LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)',
    'Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)',
    'TelegramBot (like TwitterBot)',
    'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
    'Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)',
  ])('redirects %s without counting it', async (ua) => {
    const user = await referrer();
    const res = await follow(user.referral_code, { 'user-agent': ua });
    expect(res.status).toBe(302);
    expect(await visitsOf(user)).toEqual({ visits: 0, unique: 0 });
  });

  it.each(['curl/8.5.0', 'Wget/1.21.4'])('counts %s as a person', async (ua) => {
    const user = await referrer();
    await follow(user.referral_code, { 'user-agent': ua });
    expect(await visitsOf(user)).toEqual({ visits: 1, unique: 1 });
  });

  it('does not count a request without a user agent', async () => {
    const user = await referrer();
    await follow(user.referral_code, { 'user-agent': '' });
    expect(await visitsOf(user)).toEqual({ visits: 0, unique: 0 });
  });

  it('does not count a HEAD request or a browser prefetch', async () => {
    const user = await referrer();
    expect((await send('HEAD', `/r/${user.referral_code}`)).status).toBe(302);
    expect((await follow(user.referral_code, { 'sec-purpose': 'prefetch' })).status).toBe(302);
    expect(await visitsOf(user)).toEqual({ visits: 0, unique: 0 });
  });

  it('lists visits on users and orders by them', async () => {
    const user = await referrer();
    await follow(user.referral_code);
    await follow(user.referral_code);
    await flushClicks(user.campaign_id, user.id);
    const list = await send('GET', '/v1/users?order[field]=visits&order[direction]=desc&per_page=1&fields=id,visits,unique_visits', { key });
    expect(list.json.data[0].visits).toBeGreaterThanOrEqual(2);
    expect(Object.keys(list.json.data[0]).sort()).toEqual(['id', 'unique_visits', 'visits']);
  });
});

describe('the warm path', () => {
  const countingEnv = () => {
    const counting = countingD1(env.DB);
    return { bindings: { DB: counting.db }, counter: counting.counter };
  };

  it('makes zero D1 queries once the link is cached in the isolate', async () => {
    const user = await referrer();
    const { bindings, counter } = countingEnv();
    await follow(user.referral_code, {}, bindings);
    counter.queries = 0;
    for (let i = 0; i < 20; i++) expect((await follow(user.referral_code, {}, bindings)).status).toBe(302);
    expect(counter.queries).toBe(0);
  });

  it('makes zero D1 queries in a fresh isolate once KV holds the link', async () => {
    const user = await referrer();
    const { bindings, counter } = countingEnv();
    await follow(user.referral_code, {}, bindings);
    forgetCachedLinks();
    counter.queries = 0;
    const res = await follow(user.referral_code, {}, bindings);
    expect(res.headers.get('location')).toBe(`https://shop.example.com/?r=${user.referral_code}`);
    expect(counter.queries).toBe(0);
  });

  it('makes one D1 query for a code nothing has cached, however many clicks arrive at once', async () => {
    const user = await referrer();
    forgetCachedLinks();
    await env.LINKS.delete(`code3:${user.referral_code}`);
    const { bindings, counter } = countingEnv();
    const responses = await Promise.all(Array.from({ length: 50 }, () => follow(user.referral_code, {}, bindings)));
    expect(responses.every((r) => r.status === 302)).toBe(true);
    expect(counter.queries).toBe(1);
  });
});
