import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { signCustomerToken } from '../../worker/domain/widget/customer-token';
import { expectProblem, standardKey, workspace } from '../helpers';
import { send } from '../share-links';

const SHOP = 'https://shop.example.com';
let adminKey: string;
let serverKey: string;
let pk: string;
let secret: string;
let otherSecret: string;

const nowS = () => Math.floor(Date.now() / 1000);
const tokenFor = (sub: string, extra: { name?: string; email?: string; exp?: number } = {}, key = secret) =>
  signCustomerToken(key, { sub, exp: extra.exp ?? nowS() + 600, ...(extra.name ? { name: extra.name } : {}), ...(extra.email ? { email: extra.email } : {}) });

/** A call as the widget makes it from the shop's page. */
const widget = (method: 'GET' | 'POST' | 'OPTIONS', token: string | null, options: { key?: string; origin?: string | null; headers?: Record<string, string> } = {}) =>
  send(method, `/v1/widget/${options.key ?? pk}/referrer`, {
    headers: {
      ...(options.origin === null ? {} : { origin: options.origin ?? SHOP }),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...options.headers,
    },
  });

async function widgetSecret(key: string) {
  const res = await send('POST', '/v1/environment/widget-secret', { key });
  expect(res.status).toBe(201);
  return res.json.secret as string;
}

beforeAll(async () => {
  const ws = await workspace('Widget shop');
  adminKey = ws.test.adminKey;
  serverKey = await standardKey(adminKey);
  const created = await send('POST', '/v1/api-keys', { key: adminKey, body: { name: 'Shop widget', role: 'publishable' } });
  expect(created.status).toBe(201);
  pk = created.json.key;
  expect((await send('PATCH', '/v1/environment', { key: adminKey, body: { allowed_origins: [SHOP] } })).status).toBe(200);
  secret = await widgetSecret(adminKey);
  const other = await workspace('Another shop');
  otherSecret = await widgetSecret(other.test.adminKey);
});

describe('publishable keys', () => {
  it('are pk_test_ keys with the publishable role, listed with the others', async () => {
    expect(pk).toMatch(/^pk_test_[A-Za-z0-9]{40}$/);
    const list = await send('GET', '/v1/api-keys', { key: adminKey });
    expect(list.json.data.find((k: { name: string }) => k.name === 'Shop widget')).toMatchObject({ role: 'publishable', prefix: pk.slice(0, 12), status: 'active' });
  });

  it('are refused by every other endpoint with a 403 problem', async () => {
    for (const [method, path] of [['GET', '/v1/users'], ['POST', '/v1/users'], ['GET', '/v1/environment'], ['GET', '/v1/api-keys']] as const) {
      const res = await send(method, path, { key: pk, body: method === 'POST' ? { external_id: 'x' } : undefined });
      expect(expectProblem(res, 403).type).toMatch(/publishable-key-not-allowed$/);
    }
  });

  it('hold no scope, and refuse to be given one', async () => {
    const list = await send('GET', '/v1/api-keys', { key: adminKey });
    expect(list.json.data.find((k: { name: string }) => k.name === 'Shop widget').scopes).toEqual([]);
    const res = await send('POST', '/v1/api-keys', { key: adminKey, body: { name: 'Scoped widget', role: 'publishable', scopes: ['read'] } });
    expect(expectProblem(res, 400).errors?.map((e) => e.field)).toEqual(['scopes']);
  });

  it('rotate into another publishable key', async () => {
    const created = await send('POST', '/v1/api-keys', { key: adminKey, body: { name: 'Rotating widget', role: 'publishable' } });
    const rotated = await send('POST', `/v1/api-keys/${created.json.id}/rotate`, { key: adminKey, body: { grace_period_seconds: 0 } });
    expect(rotated.status).toBe(201);
    expect(rotated.json.key).toMatch(/^pk_test_/);
    expect(rotated.json.role).toBe('publishable');
  });
});

describe('environment widget settings', () => {
  it('show the secret only when issued; the environment shows its prefix', async () => {
    const res = await send('GET', '/v1/environment', { key: serverKey });
    expect(res.json.allowed_origins).toEqual([SHOP]);
    expect(res.json.widget_secret.prefix).toBe(secret.slice(0, 7));
    expect(res.text).not.toContain(secret);
  });

  it('keep the secret sealed in D1', async () => {
    const rows = await env.DB.prepare('SELECT widget_secret FROM environments WHERE widget_secret IS NOT NULL').all<{ widget_secret: string }>();
    expect(rows.results.length).toBeGreaterThan(0);
    for (const r of rows.results) {
      expect(r.widget_secret).toMatch(/^sealed:v1:/);
      expect(r.widget_secret).not.toContain(secret.slice(3));
    }
  });

  it('only an admin issues the secret', async () => {
    expectProblem(await send('POST', '/v1/environment/widget-secret', { key: serverKey }), 403);
  });

  it.each([
    ['a path', 'https://shop.example.com/account'],
    ['plain http', 'http://shop.example.com'],
    ['not a URL', 'shop.example.com'],
  ])('refuse an allowed origin with %s and change nothing', async (_what, origin) => {
    const res = await send('PATCH', '/v1/environment', { key: adminKey, body: { allowed_origins: [SHOP, origin] } });
    expect(expectProblem(res, 400).errors?.map((e) => e.field)).toEqual(['allowed_origins.1']);
    expect((await send('GET', '/v1/environment', { key: adminKey })).json.allowed_origins).toEqual([SHOP]);
  });
});

describe('/v1/widget/{publishable_key}/referrer', () => {
  it('answers "not enrolled", enrols with the token\'s name, then shows the code and link', async () => {
    const token = await tokenFor('cust-enrol', { name: 'Nora Quist', email: 'nora@example.com' });
    const before = await widget('GET', token);
    expect(expectProblem(before, 404).type).toMatch(/not-enrolled$/);
    expect(before.headers.get('access-control-allow-origin')).toBe(SHOP);

    const enrolled = await widget('POST', token);
    expect(enrolled.status).toBe(201);
    expect(enrolled.json).toMatchObject({ object: 'widget_referrer', name: 'Nora Quist', referrals: [], rewards: [], leaderboard: null });
    expect(enrolled.json.referral_code).toMatch(/^NORA-/);
    expect(enrolled.json.share_url).toBe(`https://api.referrio.test/r/${enrolled.json.referral_code}`);

    const again = await widget('POST', token);
    expect(again.status).toBe(200);
    expect(again.json.referral_code).toBe(enrolled.json.referral_code);
    const user = await send('GET', '/v1/users/cust-enrol', { key: serverKey });
    expect(user.json).toMatchObject({ email: 'nora@example.com', referral_code: enrolled.json.referral_code });
  });

  it('shows the referrals made, masked, with markup kept as plain text', async () => {
    const referrer = await send('POST', '/v1/users', { key: serverKey, body: { external_id: 'cust-ref', name: 'Rita' } });
    const logged = await send('POST', '/v1/referrals', {
      key: serverKey,
      body: { type: 'signup', code: referrer.json.referral_code, referee: { external_id: 'friend-1', name: '<img src=x onerror=alert(1)> Lee', email: 'sam.lee@example.com' } },
    });
    expect(logged.status).toBe(201);
    const res = await widget('GET', await tokenFor('cust-ref'));
    expect(res.status).toBe(200);
    expect(res.json.referrals).toEqual([{ name: '<img L.', email: 's•••@e•••.com', status: 'signed_up', joined_at: expect.any(String) }]);
    expect(res.text).not.toContain('sam.lee');
    expect(res.text).not.toContain('friend-1');
  });

  it('shows the leaderboard position only when the campaign turns it on', async () => {
    const token = await tokenFor('cust-ref');
    expect((await widget('GET', token)).json.leaderboard).toBeNull();
    const campaign = (await send('GET', '/v1/campaigns', { key: serverKey })).json.data[0];
    expect((await send('PATCH', `/v1/campaigns/${campaign.id}`, { key: adminKey, body: { widget_leaderboard: true } })).status).toBe(200);
    expect((await widget('GET', token)).json.leaderboard).toEqual({ rank: 1, qualified: 0 });
    await send('PATCH', `/v1/campaigns/${campaign.id}`, { key: adminKey, body: { widget_leaderboard: false } });
  });

  it('counts qualified referrals: their status, progress to the next milestone, rewards and rank', async () => {
    const other = await workspace('Widget rules shop');
    const admin = other.test.adminKey;
    await send('PATCH', '/v1/environment', { key: admin, body: { allowed_origins: [SHOP] } });
    const otherPk = (await send('POST', '/v1/api-keys', { key: admin, body: { name: 'w', role: 'publishable' } })).json.key;
    const otherSecret2 = await widgetSecret(admin);
    const rules = [
      { id: 'signup', trigger: 'signup', recipients: { referrer: { type: 'cash', amount: 500, currency: 'USD' } } },
      { id: 'every-3', trigger: 'signup', milestone: { every: true, n: 3 }, recipients: { referrer: { type: 'points', points: 100 } } },
    ];
    expect((await send('PATCH', '/v1/campaigns/default', { key: admin, body: { rules, widget_leaderboard: true } })).status).toBe(200);
    const enrol = async (id: string) => (await send('POST', '/v1/users', { key: admin, body: { external_id: id, name: id } })).json.referral_code as string;
    const [top, mine] = [await enrol('top'), await enrol('mine')];
    const signup = (code: string, friend: string) => send('POST', '/v1/referrals', { key: admin, body: { type: 'signup', code, referee: { external_id: friend, name: `${friend} Smith` } } });
    for (const f of ['t1', 't2', 't3']) expect((await signup(top, f)).status).toBe(201);
    expect((await signup(mine, 'm1')).status).toBe(201);
    const res = await widget('GET', await signCustomerToken(otherSecret2, { sub: 'mine', exp: nowS() + 60 }), { key: otherPk });
    expect(res.status).toBe(200);
    expect(res.json.referrals).toEqual([expect.objectContaining({ name: 'm1 S.', status: 'qualified' })]);
    expect(res.json.progress).toEqual({ qualified: 1, next: { target: 3, kind: 'milestone', rule_id: 'every-3' } });
    expect(res.json.balance).toEqual([{ type: 'cash', currency: 'USD', earned: 500, pending: 0 }]);
    expect(res.json.rewards).toEqual([expect.objectContaining({ type: 'cash', amount: 500, currency: 'USD', status: 'approved' })]);
    expect(res.json.leaderboard).toEqual({ rank: 2, qualified: 1 });
  });

  it.each([
    ['expired', () => tokenFor('cust-ref', { exp: nowS() - 1 })],
    ['forged (another secret)', () => tokenFor('cust-ref', {}, 'ws_not-the-secret')],
    ["another environment's", () => tokenFor('cust-ref', {}, otherSecret)],
    ['living longer than a day', () => tokenFor('cust-ref', { exp: nowS() + 2 * 86400 })],
    ['tampered', async () => (await tokenFor('cust-ref')).replace(/^[^.]+/, btoa(JSON.stringify({ sub: 'cust-enrol', exp: nowS() + 60 })).replace(/=+$/, ''))],
    ['missing', async () => null],
  ])('refuses a %s token with the same 401, CORS on, nothing leaked', async (_what, make) => {
    const res = await widget('GET', await make());
    const body = expectProblem(res, 401);
    expect(body.type).toMatch(/customer-token-invalid$/);
    expect(res.headers.get('access-control-allow-origin')).toBe(SHOP);
    expect(res.text).not.toMatch(/RITA-|cust-ref/);
  });

  it('does not enrol anyone with a bad token', async () => {
    expectProblem(await widget('POST', await tokenFor('cust-never', { exp: nowS() - 5 })), 401);
    expectProblem(await send('GET', '/v1/users/cust-never', { key: serverKey }), 404);
  });

  it('refuses pages outside the allowed origins, without CORS', async () => {
    const token = await tokenFor('cust-ref');
    for (const origin of ['https://evil.example', 'https://shop.example.com.evil.example', null]) {
      const res = await widget('GET', token, { origin });
      expect(expectProblem(res, 403).type).toMatch(/origin-not-allowed$/);
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
    }
  });

  it('answers the preflight for allowed origins only', async () => {
    const ok = await widget('OPTIONS', null, { headers: { 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' } });
    expect(ok.status).toBe(204);
    expect(ok.headers.get('access-control-allow-origin')).toBe(SHOP);
    expect(ok.headers.get('access-control-allow-headers')).toBe('authorization');
    const refused = await widget('OPTIONS', null, { origin: 'https://evil.example' });
    expect(refused.status).toBe(403);
    expect(refused.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('never accepts a secret key', async () => {
    const token = await tokenFor('cust-ref');
    expect(expectProblem(await widget('GET', token, { key: serverKey }), 401).type).toMatch(/secret-key-refused$/);
    expect(expectProblem(await widget('GET', token, { key: adminKey }), 401).type).toMatch(/secret-key-refused$/);
    expect(expectProblem(await widget('GET', token, { headers: { 'x-api-key': serverKey } }), 401).type).toMatch(/secret-key-refused$/);
    expect(expectProblem(await widget('GET', serverKey), 401).type).toMatch(/secret-key-refused$/);
  });

  it('stops working for a revoked publishable key', async () => {
    const created = await send('POST', '/v1/api-keys', { key: adminKey, body: { name: 'Revoked widget', role: 'publishable' } });
    const token = await tokenFor('cust-ref');
    expect((await widget('GET', token, { key: created.json.key })).status).toBe(200);
    await send('DELETE', `/v1/api-keys/${created.json.id}`, { key: adminKey });
    expect(expectProblem(await widget('GET', token, { key: created.json.key }), 401).type).toMatch(/invalid-publishable-key$/);
  });

  it('reads the page in two D1 round trips: the key, then one batch', async () => {
    const trips = { count: 0 };
    const stmt = (s: D1PreparedStatement): D1PreparedStatement =>
      new Proxy(s, {
        get(target, prop) {
          const value = Reflect.get(target, prop, target);
          if (typeof value !== 'function') return value;
          return (...args: unknown[]) => {
            if (prop === 'first' || prop === 'all' || prop === 'run' || prop === 'raw') trips.count++;
            const out = value.apply(target, args);
            return prop === 'bind' ? stmt(out as D1PreparedStatement) : out;
          };
        },
      });
    const db = new Proxy(env.DB, {
      get(target, prop) {
        const value = Reflect.get(target, prop, target);
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          if (prop === 'batch') {
            trips.count++;
            // D1 checks that a batch holds its own statements: hand it the unwrapped ones.
            return target.batch((args[0] as D1PreparedStatement[]).map((s) => (s as unknown as { __target?: D1PreparedStatement }).__target ?? s));
          }
          const out = value.apply(target, args);
          return prop === 'prepare' ? stmt(out as D1PreparedStatement) : out;
        };
      },
    });
    const res = await send('GET', `/v1/widget/${pk}/referrer`, { env: { DB: db }, headers: { origin: SHOP, authorization: `Bearer ${await tokenFor('cust-ref')}` } });
    expect(res.status).toBe(200);
    expect(trips.count).toBe(2);
  });
});
