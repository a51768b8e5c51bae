import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../worker/app';
import { shareLinkCode } from '../../worker/routes/share-links/follow';
import { expectProblem, ORIGIN, standardKey, workspace } from '../helpers';
import { follow, send } from '../share-links';

let key: string;
let environmentId: string;

beforeAll(async () => {
  const ws = await workspace('Redirects');
  key = await standardKey(ws.test.adminKey);
  environmentId = ws.test.environmentId;
});

async function campaign(body: Record<string, unknown>) {
  const res = await send('POST', '/v1/campaigns', { key, body: { name: 'Share', status: 'live', ...body } });
  if (res.status !== 201) throw new Error(`campaign: ${res.status} ${res.text}`);
  return res.json as { id: string };
}

async function referrer(campaignId: string, code: string) {
  const res = await send('POST', '/v1/users', { key, body: { external_id: `ext-${code}`, name: 'Jane', campaign_id: campaignId, code } });
  if (res.status !== 201) throw new Error(`user: ${res.status} ${res.text}`);
  return res.json as { id: string; referral_code: string };
}

describe('GET /r/{code}', () => {
  it("redirects with 302 to the landing URL, keeping its query and fragment and adding the UTM parameters and r=CODE", async () => {
    const c = await campaign({ landing_url: 'https://shop.example.com/join?src=share#signup', utm_params: { utm_source: 'referral', utm_medium: 'share link' } });
    await referrer(c.id, 'JANE-LANDS');
    const res = await follow('JANE-LANDS');
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('https://shop.example.com/join?src=share&utm_source=referral&utm_medium=share+link&r=JANE-LANDS#signup');
  });

  it('answers no-store with a referrer policy that leaks no path, and nothing else the client must wait on', async () => {
    const c = await campaign({ landing_url: 'https://shop.example.com/' });
    await referrer(c.id, 'HEADERS');
    const res = await follow('HEADERS');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('referrer-policy')).toBe('strict-origin');
    expect([...res.headers.keys()].filter((h) => /ratelimit|retry-after|set-cookie/i.test(h))).toEqual([]);
  });

  it('finds the code whatever its case, and puts it in the URL in canonical form', async () => {
    const c = await campaign({ landing_url: 'https://shop.example.com/' });
    await referrer(c.id, 'MIXED-CASE');
    const res = await follow('mIxEd-case');
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('https://shop.example.com/?r=MIXED-CASE');
  });

  it('follows a change of landing URL at once', async () => {
    const c = await campaign({ landing_url: 'https://shop.example.com/old' });
    await referrer(c.id, 'MOVER');
    expect((await follow('MOVER')).headers.get('location')).toBe('https://shop.example.com/old?r=MOVER');
    await send('PATCH', `/v1/campaigns/${c.id}`, { key, body: { landing_url: 'https://shop.example.com/new' } });
    expect((await follow('MOVER')).headers.get('location')).toBe('https://shop.example.com/new?r=MOVER');
  });

  it('redirects a paused campaign\'s link all the same', async () => {
    const c = await campaign({ landing_url: 'https://shop.example.com/', status: 'paused' });
    await referrer(c.id, 'PAUSED-LINK');
    expect((await follow('PAUSED-LINK')).headers.get('location')).toBe('https://shop.example.com/?r=PAUSED-LINK');
  });
});

describe('links that lead nowhere', () => {
  it('shows browsers a small 404 page for an unknown code', async () => {
    const res = await follow('NO-SUCH-CODE');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.text).toContain("This link doesn't lead anywhere");
  });

  it('answers API clients with a problem document for an unknown code', async () => {
    const res = await send('GET', '/r/NO-SUCH-CODE', { headers: { accept: 'application/json' } });
    expect(expectProblem(res, 404).type).toMatch(/link-not-found$/);
  });

  it('sends an unknown code to the deployment fallback URL when one is configured', async () => {
    const res = await follow('STILL-UNKNOWN', {}, { SHARE_FALLBACK_URL: 'https://referrio.example.com/lost' });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('https://referrio.example.com/lost');
  });

  it("sends a deleted referrer's code to the campaign's fallback URL", async () => {
    const c = await campaign({ landing_url: 'https://shop.example.com/', fallback_url: 'https://shop.example.com/referrals-ended' });
    const user = await referrer(c.id, 'GONE-FALLBACK');
    expect((await follow('GONE-FALLBACK')).status).toBe(302);
    expect((await send('DELETE', `/v1/users/${user.id}`, { key })).status).toBe(204);
    const res = await follow('GONE-FALLBACK');
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('https://shop.example.com/referrals-ended');
  });

  it("falls back to the environment's fallback URL when the campaign has none", async () => {
    await env.DB.prepare('UPDATE environments SET fallback_url = ? WHERE id = ?').bind('https://shop.example.com/', environmentId).run();
    const c = await campaign({ landing_url: 'https://shop.example.com/' });
    const user = await referrer(c.id, 'GONE-ENV');
    await send('DELETE', `/v1/users/${user.id}`, { key });
    const res = await follow('GONE-ENV');
    await env.DB.prepare('UPDATE environments SET fallback_url = NULL WHERE id = ?').bind(environmentId).run();
    expect(res.headers.get('location')).toBe('https://shop.example.com/');
  });

  it("shows the 404 page for a deleted referrer's code when no fallback is set", async () => {
    const c = await campaign({ landing_url: 'https://shop.example.com/' });
    const user = await referrer(c.id, 'GONE-NOWHERE');
    await send('DELETE', `/v1/users/${user.id}`, { key });
    expect((await follow('GONE-NOWHERE')).status).toBe(404);
  });

  it('shows the 404 page when the campaign has no landing URL', async () => {
    const c = await campaign({});
    await referrer(c.id, 'NO-LANDING');
    expect((await follow('NO-LANDING')).status).toBe(404);
  });
});

describe('no open redirect', () => {
  it.each([
    ['a URL in place of the code', '/r/https:%2F%2Fevil.example'],
    ['a protocol-relative path', '/r/%2F%2Fevil.example'],
    ['a path traversal', '/r/..%2F..%2Fevil.example'],
    ['a backslash trick', '/r/%5C%5Cevil.example'],
  ])('never redirects anywhere for %s', async (_what, path) => {
    const res = await send('GET', path, { headers: { accept: 'text/html' } });
    expect(res.headers.get('location')).toBeNull();
    expect(res.status).toBe(404);
  });

  it('ignores destinations carried by the request', async () => {
    const c = await campaign({ landing_url: 'https://shop.example.com/' });
    await referrer(c.id, 'NO-HIJACK');
    const res = await send('GET', '/r/NO-HIJACK?url=https://evil.example&next=//evil.example&r=OTHER', { headers: { host: 'evil.example', referer: 'https://evil.example/' } });
    expect(res.headers.get('location')).toBe('https://shop.example.com/?r=NO-HIJACK');
  });

  it('refuses a landing URL outside the allowed domains even if it got into the database', async () => {
    const c = await campaign({ landing_url: 'https://shop.example.com/' });
    await env.DB.prepare('UPDATE campaigns SET landing_url = ? WHERE id = ?').bind('https://evil.example/', c.id).run();
    await referrer(c.id, 'TAMPERED');
    const res = await follow('TAMPERED');
    expect(res.status).toBe(404);
    expect(res.headers.get('location')).toBeNull();
  });

  it('refuses a plain-http landing URL outside development', async () => {
    const c = await campaign({ landing_url: 'http://localhost:3000/' });
    await referrer(c.id, 'PLAIN-HTTP');
    const res = await follow('PLAIN-HTTP', {}, { APP_ENV: 'production' });
    expect(res.status).toBe(404);
  });
});

describe('the OpenAPI document', () => {
  it('covers the share-link routes', async () => {
    const paths = (await send('GET', '/v1/openapi.json')).json.paths as Record<string, Record<string, { security?: unknown[] }>>;
    expect(Object.keys(paths)).toEqual(expect.arrayContaining(['/r/{code}', '/r/{code}/visit', '/v1/clicks', '/v1/stats', '/v1/snippet.js']));
    expect(paths['/r/{code}']?.get?.security).toEqual([]);
  });
});

describe('the fast path before Hono', () => {
  const get = (path: string, method = 'GET') => shareLinkCode(new Request(`${ORIGIN}${path}`, { method }));

  it('takes only GET /r/{code}, with or without a query', () => {
    expect(get('/r/JANE-7K2M9Q')).toBe('JANE-7K2M9Q');
    expect(get('/r/jane-7k2m9q?utm_source=x&r=OTHER')).toBe('jane-7k2m9q');
    expect(get('/r/JANE%2D7K2M9Q')).toBe('JANE-7K2M9Q');
  });

  it('leaves everything else to the app', () => {
    for (const path of ['/r/', '/r/JANE/visit', '/r/JANE/', '/v1/users', '/docs', '/rr/JANE', '/']) expect(get(path)).toBeNull();
    expect(get('/r/JANE', 'POST')).toBeNull();
    expect(get('/r/JANE', 'HEAD')).toBeNull();
  });

  it('answers exactly as the documented app route does', async () => {
    const c = await campaign({ landing_url: 'https://shop.example.com/p?x=1', utm_params: { utm_source: 'share' } });
    await referrer(c.id, 'BOTH-WAYS');
    const ctx = createExecutionContext();
    const viaApp = await createApp().fetch(new Request(`${ORIGIN}/r/both-ways`, { headers: { 'user-agent': 'Twitterbot/1.0' } }), env, ctx);
    await waitOnExecutionContext(ctx);
    const viaWorker = await follow('both-ways', { 'user-agent': 'Twitterbot/1.0' });
    expect(viaApp.status).toBe(302);
    expect(Object.fromEntries(viaApp.headers)).toEqual(Object.fromEntries(viaWorker.headers));
  });
});
