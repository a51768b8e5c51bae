import { beforeAll, describe, expect, it } from 'vitest';
import { expectProblem, standardKey, workspace } from '../helpers';
import { flushClicks, send } from '../share-links';

let key: string;
let user: { id: string; referral_code: string; campaign_id: string };

beforeAll(async () => {
  const ws = await workspace('Snippet');
  key = await standardKey(ws.test.adminKey);
  await send('PATCH', `/v1/campaigns/${ws.test.campaignId}`, { key, body: { attribution_window_days: 45 } });
  user = (await send('POST', '/v1/users', { key, body: { external_id: 'snippet-user', name: 'Sam' } })).json;
});

describe('GET /v1/snippet.js', () => {
  it('serves a cacheable script without an API key', async () => {
    const res = await send('GET', '/v1/snippet.js');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/javascript; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('public, max-age=3600');
  });

  it('keeps ?r= in a first-party cookie, reports the visit and exposes window.referrio.code()', async () => {
    const { text } = await send('GET', '/v1/snippet.js');
    expect(text).toContain("get('r')");
    expect(text).toContain('referrio_code');
    expect(text).toContain("'/visit'");
    expect(text).toContain('window.referrio.code = read');
  });
});

describe('POST /r/{code}/visit', () => {
  const origin = 'https://shop.example.com';
  const visit = (code: string, headers: Record<string, string> = { origin }) => send('POST', `/r/${code}/visit`, { headers });

  it("counts the visit and tells the snippet the campaign's attribution window", async () => {
    const res = await visit(user.referral_code.toLowerCase());
    expect(res.status).toBe(202);
    expect(res.json).toEqual({ object: 'visit', code: user.referral_code, attribution_window_days: 45, counted: true });
    expect(res.headers.get('access-control-allow-origin')).toBe(origin);
    await flushClicks(user.campaign_id, user.id);
    expect((await send('GET', `/v1/users/${user.id}`, { key })).json.visits).toBe(1);
  });

  it("refuses a page outside the campaign's allowed domains", async () => {
    expectProblem(await visit(user.referral_code, { origin: 'https://evil.example' }), 403);
  });

  it('refuses a report with no Origin', async () => {
    expectProblem(await visit(user.referral_code, {}), 403);
  });

  it('answers 404 for an unknown code', async () => {
    expectProblem(await visit('NO-SUCH-CODE'), 404);
  });

  it('does not count a bot', async () => {
    const res = await visit(user.referral_code, { origin, 'user-agent': 'facebookexternalhit/1.1' });
    expect(res.json.counted).toBe(false);
  });
});
