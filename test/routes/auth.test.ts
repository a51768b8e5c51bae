import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { getDb } from '../../worker/db/client';
import { hashPassword } from '../../worker/lib/crypto';
import { addressBucket, DECOY_HASH, MAX_LOGIN_ATTEMPTS } from '../../worker/services/access/sessions';
import { createWorkspace } from '../../worker/services/access/workspaces';
import { call, expectProblem, ORIGIN } from '../helpers';

const PASSWORD = 'correct horse battery';
let seq = 0;

async function adminWorkspace() {
  const email = `admin${++seq}-${crypto.randomUUID().slice(0, 8)}@example.com`;
  const ws = await createWorkspace(getDb(env), { name: `WS ${seq}`, landingUrl: 'https://shop.example.com/', admin: { email, password: PASSWORD } });
  return { ...ws, email };
}

const cookieOf = (headers: Headers) => /referrio_session=([^;]*)/.exec(headers.get('set-cookie') ?? '')?.[1] ?? '';

async function signIn(email: string, ip = '203.0.113.1') {
  const res = await call('POST', '/v1/auth/login', { body: { email, password: PASSWORD }, headers: { 'cf-connecting-ip': ip } });
  expect(res.status).toBe(200);
  return { cookie: `referrio_session=${cookieOf(res.headers)}`, csrf: res.json.csrf_token as string };
}

describe('POST /v1/auth/login', () => {
  it('sets an HttpOnly, Secure, SameSite=Strict cookie and returns the CSRF token', async () => {
    const ws = await adminWorkspace();
    const res = await call('POST', '/v1/auth/login', { body: { email: ws.email.toUpperCase(), password: PASSWORD } });
    expect(res.status).toBe(200);
    const setCookie = res.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/Secure/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    expect(res.json).toMatchObject({ object: 'session', admin: { email: ws.email }, workspace: { id: ws.workspaceId } });
    expect(res.json.csrf_token).toMatch(/^[A-Za-z0-9]{43}$/);
  });

  it('stores only a hash of the session token', async () => {
    const ws = await adminWorkspace();
    const res = await call('POST', '/v1/auth/login', { body: { email: ws.email, password: PASSWORD } });
    const token = cookieOf(res.headers);
    const rows = await env.DB.prepare('SELECT token_hash FROM sessions').all<{ token_hash: string }>();
    expect(rows.results.map((r) => r.token_hash)).not.toContain(token);
    expect(rows.results.every((r) => /^[0-9a-f]{64}$/.test(r.token_hash))).toBe(true);
  });

  it('answers the same 401 for a wrong password and an unknown email', async () => {
    const ws = await adminWorkspace();
    const wrong = expectProblem(await call('POST', '/v1/auth/login', { body: { email: ws.email, password: 'nope' } }), 401);
    const unknown = expectProblem(await call('POST', '/v1/auth/login', { body: { email: 'nobody@example.com', password: 'nope' } }), 401);
    expect(wrong.type).toBe(unknown.type);
    expect(wrong.detail).toBe(unknown.detail);
  });

  it('checks an unknown email against a ready-made decoy with the real iteration count (no hashing first)', async () => {
    const [scheme, iterations] = (await hashPassword('anything')).split('$');
    expect(DECOY_HASH.split('$').slice(0, 2)).toEqual([scheme, iterations]);
  });

  it('reports invalid fields next to their names', async () => {
    const res = await call('POST', '/v1/auth/login', { body: { email: 'not-an-email', password: '' } });
    expect(expectProblem(res, 400).errors?.map((e) => e.field).sort()).toEqual(['email', 'password']);
  });

  it('refuses a sign-in posted from another origin', async () => {
    const ws = await adminWorkspace();
    const res = await call('POST', '/v1/auth/login', { body: { email: ws.email, password: PASSWORD }, headers: { origin: 'https://evil.example' } });
    expect(expectProblem(res, 403).type).toMatch(/csrf-failed$/);
  });

  it(`locks an email and IP out after ${MAX_LOGIN_ATTEMPTS} attempts, even with the right password`, async () => {
    const ws = await adminWorkspace();
    const headers = { 'cf-connecting-ip': '198.51.100.7' };
    for (let i = 0; i < MAX_LOGIN_ATTEMPTS; i++) {
      expect((await call('POST', '/v1/auth/login', { body: { email: ws.email, password: 'wrong' }, headers })).status).toBe(401);
    }
    const locked = await call('POST', '/v1/auth/login', { body: { email: ws.email, password: PASSWORD }, headers });
    expect(expectProblem(locked, 429).type).toMatch(/too-many-attempts$/);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    // Another address is not locked out by someone else's guesses.
    await signIn(ws.email, '198.51.100.8');
  });

  it('counts an IPv6 /64 as one address, so rotating through it gains no guesses', async () => {
    const ws = await adminWorkspace();
    for (let i = 1; i <= MAX_LOGIN_ATTEMPTS; i++) {
      const headers = { 'cf-connecting-ip': `2001:db8:1:2::${i.toString(16)}` };
      expect((await call('POST', '/v1/auth/login', { body: { email: ws.email, password: 'wrong' }, headers })).status).toBe(401);
    }
    const headers = { 'cf-connecting-ip': '2001:db8:1:2:abcd:ef01:2345:6789' };
    expect(expectProblem(await call('POST', '/v1/auth/login', { body: { email: ws.email, password: PASSWORD }, headers }), 429).type).toMatch(/too-many-attempts$/);
    // Another /64 is someone else.
    await signIn(ws.email, '2001:db8:1:3::1');
  });

  it('reads an IPv6 /64 the same however the address is written', () => {
    expect(addressBucket('2001:0DB8:0:0:1::2')).toBe(addressBucket('2001:db8::1:0:0:2'));
    expect(addressBucket('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(addressBucket('198.51.100.7')).toBe('198.51.100.7');
    expect(addressBucket('::ffff:198.51.100.7')).toBe('198.51.100.7');
  });

  it('never lets parallel guesses past the limit', async () => {
    const ws = await adminWorkspace();
    const headers = { 'cf-connecting-ip': '198.51.100.9' };
    const statuses = await Promise.all(
      Array.from({ length: 12 }, () => call('POST', '/v1/auth/login', { body: { email: ws.email, password: 'wrong' }, headers }).then((r) => r.status)),
    );
    expect(statuses.filter((s) => s === 401)).toHaveLength(MAX_LOGIN_ATTEMPTS);
    expect(statuses.filter((s) => s === 429)).toHaveLength(12 - MAX_LOGIN_ATTEMPTS);
  });

  it('clears the counter after a successful sign-in', async () => {
    const ws = await adminWorkspace();
    const headers = { 'cf-connecting-ip': '198.51.100.10' };
    for (let i = 0; i < MAX_LOGIN_ATTEMPTS - 1; i++) await call('POST', '/v1/auth/login', { body: { email: ws.email, password: 'wrong' }, headers });
    await signIn(ws.email, '198.51.100.10');
    expect((await call('POST', '/v1/auth/login', { body: { email: ws.email, password: 'wrong' }, headers })).status).toBe(401);
  });
});

describe('the session cookie on the /v1 API', () => {
  it('reads the test environment by default and live on request', async () => {
    const ws = await adminWorkspace();
    const { cookie } = await signIn(ws.email);
    const test = await call('GET', '/v1/campaigns', { headers: { cookie } });
    const live = await call('GET', '/v1/campaigns', { headers: { cookie, 'x-referrio-environment': 'live' } });
    expect(test.json.data.map((c: { id: string }) => c.id)).toEqual([ws.test.campaignId]);
    expect(live.json.data.map((c: { id: string }) => c.id)).toEqual([ws.live.campaignId]);
  });

  it('rejects an unknown environment name', async () => {
    const ws = await adminWorkspace();
    const { cookie } = await signIn(ws.email);
    expectProblem(await call('GET', '/v1/users', { headers: { cookie, 'x-referrio-environment': 'prod' } }), 400);
  });

  it('refuses a write without the CSRF token', async () => {
    const ws = await adminWorkspace();
    const { cookie } = await signIn(ws.email);
    const res = await call('POST', '/v1/users', { headers: { cookie }, body: { external_id: 'csrf_1' } });
    expect(expectProblem(res, 403).type).toMatch(/csrf-failed$/);
  });

  it('refuses DELETE, PATCH and a text/csv upload without the CSRF token, and changes nothing', async () => {
    const ws = await adminWorkspace();
    const { cookie, csrf } = await signIn(ws.email);
    const headers = { cookie, 'x-csrf-token': csrf, origin: ORIGIN };
    const user = await call('POST', '/v1/users', { headers, body: { external_id: 'csrf_verbs' } });
    const pool = await call('POST', '/v1/voucher-pools', { headers, body: { name: 'CSRF pool' } });
    expect([user.status, pool.status]).toEqual([201, 201]);
    expectProblem(await call('DELETE', `/v1/users/${user.json.id}`, { headers: { cookie } }), 403);
    expectProblem(await call('PATCH', `/v1/users/${user.json.id}`, { headers: { cookie }, body: { name: 'Mallory' } }), 403);
    const csv = await call('POST', `/v1/voucher-pools/${pool.json.id}/vouchers`, { headers: { cookie, 'content-type': 'text/csv' }, body: 'code\nFORGED-1\n' });
    expectProblem(csv, 403);
    expect((await call('GET', `/v1/users/${user.json.id}`, { headers: { cookie } })).json).toMatchObject({ id: user.json.id, name: null });
    expect((await call('GET', `/v1/voucher-pools/${pool.json.id}`, { headers: { cookie } })).json.stock.available).toBe(0);
  });

  it('refuses a write with a wrong CSRF token or from another origin', async () => {
    const ws = await adminWorkspace();
    const { cookie, csrf } = await signIn(ws.email);
    expectProblem(await call('POST', '/v1/users', { headers: { cookie, 'x-csrf-token': `${csrf.slice(1)}x` }, body: { external_id: 'csrf_2' } }), 403);
    expectProblem(await call('POST', '/v1/users', { headers: { cookie, 'x-csrf-token': csrf, origin: 'https://evil.example' }, body: { external_id: 'csrf_3' } }), 403);
  });

  it('writes with the CSRF token from the same origin, as an admin of its workspace', async () => {
    const ws = await adminWorkspace();
    const { cookie, csrf } = await signIn(ws.email);
    const headers = { cookie, 'x-csrf-token': csrf, origin: ORIGIN };
    const user = await call('POST', '/v1/users', { headers, body: { external_id: 'dash_1' } });
    expect(user.status).toBe(201);
    const key = await call('POST', '/v1/api-keys', { headers, body: { name: 'From the dashboard' } });
    expect(key.status).toBe(201);
    expect(key.json.created_by).toMatch(/^adm_/);
    expect(key.json.mode).toBe('test');
    const viaKey = await call('GET', '/v1/users/dash_1', { key: ws.test.adminKey });
    expect(viaKey.status).toBe(200);
  });

  it("never reaches another workspace's objects", async () => {
    const mine = await adminWorkspace();
    const theirs = await adminWorkspace();
    const { cookie } = await signIn(mine.email);
    expectProblem(await call('GET', `/v1/campaigns/${theirs.test.campaignId}`, { headers: { cookie } }), 404);
  });

  it('stops working after sign-out', async () => {
    const ws = await adminWorkspace();
    const { cookie } = await signIn(ws.email);
    const out = await call('POST', '/v1/auth/logout', { headers: { cookie } });
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toMatch(/referrio_session=;.*Max-Age=0/);
    expectProblem(await call('GET', '/v1/users', { headers: { cookie } }), 401);
    expectProblem(await call('GET', '/v1/auth/session', { headers: { cookie } }), 401);
  });

  it('stops working once expired', async () => {
    const ws = await adminWorkspace();
    const { cookie } = await signIn(ws.email);
    await env.DB.prepare("UPDATE sessions SET expires_at = '2000-01-01T00:00:00.000Z' WHERE admin_id = (SELECT id FROM admins WHERE email = ?)").bind(ws.email).run();
    expectProblem(await call('GET', '/v1/users', { headers: { cookie } }), 401);
  });

  it('is not accepted when made up', async () => {
    expectProblem(await call('GET', '/v1/users', { headers: { cookie: 'referrio_session=made-up' } }), 401);
  });
});

describe('GET /v1/auth/session', () => {
  it('returns the admin, workspace and CSRF token', async () => {
    const ws = await adminWorkspace();
    const { cookie, csrf } = await signIn(ws.email);
    const res = await call('GET', '/v1/auth/session', { headers: { cookie } });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ admin: { email: ws.email }, workspace: { id: ws.workspaceId }, csrf_token: csrf });
  });

  it('answers 401 without a cookie', async () => {
    expectProblem(await call('GET', '/v1/auth/session'), 401);
  });
});

describe('the OpenAPI document', () => {
  it('declares the session routes and the cookie scheme', async () => {
    const { json } = await call('GET', '/v1/openapi.json');
    for (const [path, method] of [
      ['/v1/auth/setup', 'get'],
      ['/v1/auth/setup', 'post'],
      ['/v1/auth/login', 'post'],
      ['/v1/auth/logout', 'post'],
      ['/v1/auth/session', 'get'],
      ['/v1/users/import', 'post'],
    ] as const) {
      expect(json.paths[path]?.[method], `${method} ${path}`).toBeDefined();
    }
    expect(json.components.securitySchemes.Session).toMatchObject({ type: 'apiKey', in: 'cookie', name: 'referrio_session' });
    expect(json.paths['/v1/auth/login'].post.responses).toHaveProperty('429');
  });
});
