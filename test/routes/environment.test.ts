import { beforeAll, describe, expect, it } from 'vitest';
import { expectProblem, standardKey, workspace } from '../helpers';
import { follow, send } from '../share-links';

let adminKey: string;
let key: string;
let environmentId: string;

beforeAll(async () => {
  const ws = await workspace('Environment settings');
  adminKey = ws.test.adminKey;
  key = await standardKey(adminKey);
  environmentId = ws.test.environmentId;
});

const setFallback = (fallback_url: string | null, k = adminKey) => send('PATCH', '/v1/environment', { key: k, body: { fallback_url } });

/** A referrer whose code leads nowhere once deleted (their campaign has no fallback of its own). */
async function deletedReferrer(code: string) {
  const user = await send('POST', '/v1/users', { key, body: { external_id: `ext-${code}`, name: 'Gone', code } });
  if (user.status !== 201) throw new Error(`user: ${user.status} ${user.text}`);
  expect((await follow(code)).status).toBe(302);
  expect((await send('DELETE', `/v1/users/${user.json.id}`, { key })).status).toBe(204);
}

describe('/v1/environment', () => {
  it("shows the key's own environment", async () => {
    const res = await send('GET', '/v1/environment', { key });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ id: environmentId, object: 'environment', mode: 'test', fallback_url: null });
  });

  it("sets the fallback URL, and share links that lead nowhere follow it at once", async () => {
    await deletedReferrer('ENV-FALLS');
    expect((await follow('ENV-FALLS')).status).toBe(404);
    const res = await setFallback('https://shop.example.com/referrals');
    expect(res.status).toBe(200);
    expect(res.json.fallback_url).toBe('https://shop.example.com/referrals');
    expect((await send('GET', '/v1/environment', { key })).json.fallback_url).toBe('https://shop.example.com/referrals');
    expect((await follow('ENV-FALLS')).headers.get('location')).toBe('https://shop.example.com/referrals');
  });

  it('removes it with null', async () => {
    await deletedReferrer('ENV-UNSET');
    await setFallback('https://shop.example.com/referrals');
    expect((await setFallback(null)).json.fallback_url).toBeNull();
    expect((await follow('ENV-UNSET')).status).toBe(404);
  });

  it.each([
    ['plain http', 'http://shop.example.com/'],
    ['not a URL', 'shop.example.com'],
    ['credentials', 'https://user:pass@shop.example.com/'],
    ['javascript', 'javascript:alert(1)'],
  ])('refuses %s with 400 and changes nothing', async (_what, url) => {
    await setFallback('https://shop.example.com/kept');
    const res = await setFallback(url);
    expect(expectProblem(res, 400).errors?.map((e) => e.field)).toEqual(['fallback_url']);
    expect((await send('GET', '/v1/environment', { key })).json.fallback_url).toBe('https://shop.example.com/kept');
  });

  it('refuses unknown fields', async () => {
    expectProblem(await send('PATCH', '/v1/environment', { key: adminKey, body: { mode: 'live' } }), 400);
  });

  it('needs an admin key to change it', async () => {
    expectProblem(await setFallback('https://shop.example.com/', key), 403);
  });

  it('is in the OpenAPI document', async () => {
    const paths = (await send('GET', '/v1/openapi.json')).json.paths as Record<string, Record<string, unknown>>;
    expect(Object.keys(paths['/v1/environment'] ?? {}).sort()).toEqual(['get', 'patch']);
  });
});
