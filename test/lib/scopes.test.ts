import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { call, expectProblem, workspace } from '../helpers';

type Workspace = Awaited<ReturnType<typeof workspace>>;

let ws: Workspace;
let server: { id: string; key: string; scopes: string[] };
let user: { id: string; referral_code: string };

beforeAll(async () => {
  ws = await workspace('Scoped', 'https://shop.example.com/');
  // A new server key, made the way the docs tell a developer to: no scopes given.
  const created = await call('POST', '/v1/api-keys', { key: ws.test.adminKey, body: { name: 'Checkout backend' } });
  expect(created.status).toBe(201);
  server = created.json;
  const enrolled = await call('POST', '/v1/users', { key: server.key, body: { external_id: 'cust_1', name: 'Jane' } });
  expect(enrolled.status).toBe(201);
  user = enrolled.json;
});

const count = async (table: string) => (await env.DB.prepare(`SELECT count(*) AS n FROM ${table}`).first<{ n: number }>())?.n;

describe('a new server key', () => {
  it('gets the narrow default: read, enrol users, log referrals', async () => {
    expect(server.scopes).toEqual(['read', 'users:write', 'referrals:write']);
    const listed = (await call('GET', '/v1/api-keys', { key: ws.test.adminKey })).json.data.find((k: { id: string }) => k.id === server.id);
    expect(listed.scopes).toEqual(['read', 'users:write', 'referrals:write']);
  });

  it('enrols users and logs a referred signup and sale', async () => {
    const signup = await call('POST', '/v1/referrals', { key: server.key, body: { type: 'signup', code: user.referral_code, referee: { external_id: 'cust_2' } } });
    expect(signup.status, signup.text).toBe(201);
    const sale = await call('POST', '/v1/referrals', {
      key: server.key,
      body: { type: 'sale', code: user.referral_code, referee: { external_id: 'cust_2' }, order_id: 'ord_1', amount: 5000, currency: 'USD' },
    });
    expect(sale.status, sale.text).toBe(201);
    expect((await call('GET', `/v1/users/${user.id}`, { key: server.key })).status).toBe(200);
  });

  it("cannot repoint the campaign's share links: 403 naming campaigns:write, campaign unchanged", async () => {
    const before = (await call('GET', `/v1/campaigns/${ws.test.campaignId}`, { key: server.key })).json;
    const res = await call('PATCH', `/v1/campaigns/${ws.test.campaignId}`, {
      key: server.key,
      body: { landing_url: 'https://evil.example.net/', allowed_domains: ['evil.example.net'] },
    });
    const problem = expectProblem(res, 403);
    expect(problem.type).toBe('https://referrio.dev/problems/missing-scope');
    expect(problem.detail).toContain("'campaigns:write'");
    expect((await call('GET', `/v1/campaigns/${ws.test.campaignId}`, { key: server.key })).json).toEqual(before);
    expect(expectProblem(await call('POST', '/v1/campaigns', { key: server.key, body: { name: 'Mine' } }), 403).detail).toContain("'campaigns:write'");
  });

  it('cannot issue itself an approved $10,000,000,000 reward: 403 naming rewards:write, nothing stored', async () => {
    const rewardsBefore = await count('rewards');
    const res = await call('POST', '/v1/rewards', {
      key: server.key,
      body: { user_id: user.id, type: 'cash', amount: 1_000_000_000_000, currency: 'USD', status: 'approved', note: 'mine' },
    });
    const problem = expectProblem(res, 403);
    expect(problem.detail).toContain("'rewards:write'");
    expect(problem.errors).toEqual([{ field: 'scope', message: "Needs 'rewards:write'." }]);
    expect(await count('rewards')).toBe(rewardsBefore);
  });

  it('cannot approve, pay, cancel or bulk-act on a reward', async () => {
    const reward = await call('POST', '/v1/rewards', { key: ws.test.adminKey, body: { user_id: user.id, type: 'cash', amount: 100, currency: 'USD', status: 'pending' } });
    expect(reward.status, reward.text).toBe(201);
    for (const action of ['approve', 'pay', 'cancel']) {
      expect(expectProblem(await call('POST', `/v1/rewards/${reward.json.id}/${action}`, { key: server.key, body: {} }), 403).detail, action).toContain("'rewards:write'");
    }
    expect(expectProblem(await call('POST', '/v1/rewards/bulk', { key: server.key, body: { action: 'approve', ids: [reward.json.id] } }), 403).detail).toContain("'rewards:write'");
    expect((await call('GET', `/v1/rewards/${reward.json.id}`, { key: server.key })).json.status).toBe(reward.json.status);
  });
});

describe('creating keys with scopes', () => {
  it('gives a key exactly the scopes asked for, in canonical order, and rotation keeps them', async () => {
    const created = await call('POST', '/v1/api-keys', { key: ws.test.adminKey, body: { name: 'Payouts', scopes: ['rewards:write', 'read', 'rewards:write'] } });
    expect(created.status).toBe(201);
    expect(created.json.scopes).toEqual(['read', 'rewards:write']);
    const rotated = await call('POST', `/v1/api-keys/${created.json.id}/rotate`, { key: ws.test.adminKey, body: { grace_period_seconds: 0 } });
    expect(rotated.json.scopes).toEqual(['read', 'rewards:write']);
    expect(expectProblem(await call('POST', '/v1/users', { key: rotated.json.key, body: { external_id: 'nope' } }), 403).detail).toContain("'users:write'");
  });

  it('a read-only key reads but writes nothing', async () => {
    const created = await call('POST', '/v1/api-keys', { key: ws.test.adminKey, body: { name: 'Reporting', scopes: ['read'] } });
    const key = created.json.key;
    expect((await call('GET', '/v1/users', { key })).status).toBe(200);
    expect((await call('GET', '/v1/stats', { key })).status).toBe(200);
    const usersBefore = await count('users');
    expect(expectProblem(await call('POST', '/v1/users', { key, body: { external_id: 'ro' } }), 403).detail).toContain("'users:write'");
    expect(expectProblem(await call('DELETE', `/v1/users/${user.id}`, { key }), 403).detail).toContain("'users:write'");
    expect(await count('users')).toBe(usersBefore);
  });

  it('a key without read cannot list', async () => {
    const created = await call('POST', '/v1/api-keys', { key: ws.test.adminKey, body: { name: 'Write only', scopes: ['users:write'] } });
    expect(expectProblem(await call('GET', '/v1/users', { key: created.json.key }), 403).detail).toContain("'read'");
    expect((await call('POST', '/v1/users', { key: created.json.key, body: { external_id: 'wo' } })).status).toBe(201);
  });

  it.each([['keys:write'], ['webhooks:write'], ['environment:write'], ['everything']])('refuses to grant %s to a standard key (400, nothing made)', async (scope) => {
    const before = await count('api_keys');
    const res = await call('POST', '/v1/api-keys', { key: ws.test.adminKey, body: { name: 'Greedy', scopes: [scope] } });
    expect(expectProblem(res, 400).errors?.map((e) => e.field)).toEqual(['scopes.0']);
    expect(await count('api_keys')).toBe(before);
  });

  it('refuses scopes on an admin key, which holds them all', async () => {
    const res = await call('POST', '/v1/api-keys', { key: ws.test.adminKey, body: { name: 'Ops', role: 'admin', scopes: ['read'] } });
    expect(expectProblem(res, 400).errors?.map((e) => e.field)).toEqual(['scopes']);
    const admin = await call('POST', '/v1/api-keys', { key: ws.test.adminKey, body: { name: 'Ops', role: 'admin' } });
    expect(admin.json.scopes).toEqual(['read', 'users:write', 'referrals:write', 'rewards:write', 'campaigns:write', 'keys:write', 'webhooks:write', 'environment:write']);
  });

  it('scopes are enforced from the stored row (an admin narrowing a key in D1 takes effect)', async () => {
    const created = await call('POST', '/v1/api-keys', { key: ws.test.adminKey, body: { name: 'Narrowed', scopes: ['read', 'rewards:write'] } });
    await env.DB.prepare(`UPDATE api_keys SET scopes = '["read"]' WHERE id = ?`).bind(created.json.id).run();
    expect(expectProblem(await call('POST', '/v1/rewards/bulk', { key: created.json.key, body: { action: 'approve', ids: ['rwd_x'] } }), 403).detail).toContain("'rewards:write'");
  });
});
