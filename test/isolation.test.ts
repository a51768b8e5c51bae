import { beforeAll, describe, expect, it } from 'vitest';
import { call, expectProblem, standardKey, workspace } from './helpers';
import { receiverUrl, until } from './webhooks/helpers';

/**
 * Every environment is a wall: a key sees only its own environment's objects. A-test
 * owns the objects; A-live (same workspace), B-test (same mode) and B-live try to reach them.
 */

type Workspace = Awaited<ReturnType<typeof workspace>>;

let a: Workspace;
let b: Workspace;
let owner: string;
const target = { userId: '', externalId: 'cust_isolated', referralCode: '', email: 'iso@example.com', campaignId: '', defaultCampaignId: '', keyId: '', rewardId: '', poolId: '', voucherCode: 'ISO-VOUCHER-1', endpointId: '', eventId: '', deliveryId: '' };

beforeAll(async () => {
  a = await workspace('A');
  b = await workspace('B');
  owner = await standardKey(a.test.adminKey);

  const campaign = await call('POST', '/v1/campaigns', { key: owner, body: { name: 'Isolated campaign' } });
  expect(campaign.status).toBe(201);
  const user = await call('POST', '/v1/users', {
    key: owner,
    body: { external_id: target.externalId, email: target.email, name: 'Iso Late', campaign_id: campaign.json.id },
  });
  expect(user.status).toBe(201);
  const key = await call('POST', '/v1/api-keys', { key: a.test.adminKey, body: { name: 'Isolated key' } });
  expect(key.status).toBe(201);

  const pool = await call('POST', '/v1/voucher-pools', { key: owner, body: { name: 'Isolated pool' } });
  expect(pool.status).toBe(201);
  const upload = await call('POST', `/v1/voucher-pools/${pool.json.id}/vouchers`, { key: owner, body: { codes: [target.voucherCode, 'ISO-VOUCHER-2'] } });
  expect(upload.json.inserted).toBe(2);
  const reward = await call('POST', '/v1/rewards', { key: owner, body: { user_id: user.json.id, type: 'voucher', pool_id: pool.json.id, note: 'Isolated note' } });
  expect(reward.json.voucher_code).toBe(target.voucherCode);

  const endpoint = await call('POST', '/v1/webhook-endpoints', {
    key: a.test.adminKey,
    body: { url: `${receiverUrl}/hook/isolated`, events: ['*'], description: 'Isolated endpoint' },
  });
  expect(endpoint.status).toBe(201);
  const ping = await call('POST', `/v1/webhook-endpoints/${endpoint.json.id}/test`, { key: a.test.adminKey });
  expect(ping.status).toBe(202);
  // Settled before the probes, so nothing changes on its own during the snapshot test.
  await until('the ping to arrive', async () => (await call('GET', `/v1/webhook-endpoints/${endpoint.json.id}/deliveries`, { key: a.test.adminKey })).json.data[0]?.status === 'succeeded');

  Object.assign(target, {
    rewardId: reward.json.id,
    poolId: pool.json.id,
    endpointId: endpoint.json.id,
    eventId: ping.json.event_id,
    deliveryId: ping.json.id,
    userId: user.json.id,
    referralCode: user.json.referral_code,
    campaignId: campaign.json.id,
    defaultCampaignId: a.test.campaignId,
    keyId: key.json.id,
  });
});

const outsiders = () => [
  ['A-live', a.live.adminKey],
  ['B-test', b.test.adminKey],
  ['B-live', b.live.adminKey],
] as const;

/** Every A-test identifier a path parameter could take; each route is tried with all of them. */
const targetIds = () => [target.userId, target.externalId, target.campaignId, target.defaultCampaignId, target.keyId, target.rewardId, target.poolId, target.voucherCode, target.endpointId, target.eventId, target.deliveryId];

/** What A-test holds that must never appear in another environment's answer. */
// Not the voucher code: it is also a probed id, and a 404 names the id it could not find.
const secrets = () => [target.email, target.referralCode, 'Isolated campaign', 'Isolated key', 'Iso Late', 'Isolated pool', 'Isolated note', 'ISO-VOUCHER-2', 'Isolated endpoint', 'hook/isolated'];

/**
 * 404 everywhere, except the referral widget's routes: their parameter is a publishable key, not an
 * id, and a secret key is refused there (401) before anything is looked up (test/routes/widget.test.ts).
 */
const expectedStatus = (label: string) => (label.includes(' /v1/widget/') ? 401 : 404);

async function parameterisedOperations() {
  const res = await call('GET', '/v1/openapi.json');
  expect(res.status).toBe(200);
  const paths = res.json.paths as Record<string, Record<string, { requestBody?: unknown }>>;
  return Object.entries(paths)
    .filter(([path]) => /\{[^}]+\}/.test(path))
    .flatMap(([path, item]) =>
      Object.entries(item)
        .filter(([method]) => ['get', 'post', 'put', 'patch', 'delete'].includes(method))
        .map(([method, operation]) => ({ method: method.toUpperCase(), path, hasBody: operation.requestBody !== undefined })),
    );
}

/** Calls every parameterised operation with every A-test id, as every outsider. */
async function probeEverything() {
  const results: { label: string; status: number; contentType: string | null; text: string }[] = [];
  for (const { method, path, hasBody } of await parameterisedOperations()) {
    for (const id of targetIds()) {
      const url = path.replace(/\{[^}]+\}/g, encodeURIComponent(id));
      for (const [who, key] of outsiders()) {
        // `{}` is valid for every body these routes take today. Only 404 passes: a 400 would mean
        // validation answered before the lookup ran, so the scope check went untested.
        const res = await call(method, url, { key, body: hasBody ? {} : undefined });
        results.push({ label: `${who} ${method} ${url}`, status: res.status, contentType: res.headers.get('content-type'), text: res.text });
      }
    }
  }
  return results;
}

const leaks = (text: string) => secrets().filter((s) => text.includes(s));

describe('routes with an {id}', () => {
  it('are found in the OpenAPI document', async () => {
    const operations = (await parameterisedOperations()).map((o) => `${o.method} ${o.path}`);
    expect(operations).toEqual(
      expect.arrayContaining(['GET /v1/users/{id}', 'PATCH /v1/users/{id}', 'DELETE /v1/users/{id}', 'GET /v1/campaigns/{id}', 'PATCH /v1/campaigns/{id}', 'POST /v1/api-keys/{id}/rotate', 'DELETE /v1/api-keys/{id}',
        'GET /v1/rewards/{id}', 'POST /v1/rewards/{id}/approve', 'POST /v1/rewards/{id}/pay', 'POST /v1/rewards/{id}/cancel', 'GET /v1/users/{id}/balance',
        'GET /v1/voucher-pools/{id}', 'POST /v1/voucher-pools/{id}/vouchers', 'POST /v1/vouchers/{code}/redeem', 'POST /hooks/{token}/qualify', 'GET /v1/campaigns/{id}/leaderboard',
        'GET /v1/webhook-endpoints/{id}', 'PATCH /v1/webhook-endpoints/{id}', 'DELETE /v1/webhook-endpoints/{id}', 'POST /v1/webhook-endpoints/{id}/rotate-secret',
        'POST /v1/webhook-endpoints/{id}/test', 'GET /v1/webhook-endpoints/{id}/deliveries', 'POST /v1/webhook-deliveries/{id}/retry', 'GET /v1/events/{id}',
        'GET /v1/users/{id}/export', 'GET /v1/audit-log/{id}']),
    );
  });

  it('answer A-test itself (the control)', async () => {
    for (const path of [
      `/v1/users/${target.userId}`,
      `/v1/users/${target.externalId}`,
      `/v1/campaigns/${target.campaignId}`,
      `/v1/campaigns/${target.defaultCampaignId}`,
      `/v1/rewards/${target.rewardId}`,
      `/v1/voucher-pools/${target.poolId}`,
      `/v1/users/${target.userId}/balance`,
      `/v1/campaigns/${target.campaignId}/leaderboard`,
      `/v1/events/${target.eventId}`,
    ]) {
      expect((await call('GET', path, { key: owner })).status, path).toBe(200);
    }
    for (const path of [`/v1/webhook-endpoints/${target.endpointId}`, `/v1/webhook-endpoints/${target.endpointId}/deliveries`]) {
      expect((await call('GET', path, { key: a.test.adminKey })).status, path).toBe(200);
    }
  });

  it("answer 404 to every other environment for every one of A-test's ids", async () => {
    const failures = (await probeEverything())
      .filter((r) => r.status !== expectedStatus(r.label) || !r.contentType?.startsWith('application/problem+json') || leaks(r.text).length)
      .map((r) => `${r.label} → ${r.status} ${r.text.slice(0, 160)}`);
    expect(failures).toEqual([]);
  });

  it("leave A-test's objects untouched", async () => {
    const snapshot = async () => ({
      user: (await call('GET', `/v1/users/${target.userId}`, { key: owner })).json,
      campaigns: (await call('GET', '/v1/campaigns', { key: owner })).json.data,
      keys: (await call('GET', '/v1/api-keys', { key: a.test.adminKey })).json.data.filter((k: { id: string }) => k.id === target.keyId),
      reward: (await call('GET', `/v1/rewards/${target.rewardId}`, { key: owner })).json,
      pool: (await call('GET', `/v1/voucher-pools/${target.poolId}`, { key: owner })).json,
      endpoint: (await call('GET', `/v1/webhook-endpoints/${target.endpointId}`, { key: a.test.adminKey })).json,
      deliveries: (await call('GET', `/v1/webhook-endpoints/${target.endpointId}/deliveries`, { key: a.test.adminKey })).json.data.map((d: { id: string; attempts: number }) => [d.id, d.attempts]),
    });
    const before = await snapshot();
    expect(before.user).toMatchObject({ id: target.userId, external_id: target.externalId, email: target.email });
    expect(before.keys).toMatchObject([{ status: 'active' }]);
    expect(before.reward).toMatchObject({ status: 'approved', voucher_code: target.voucherCode });
    expect(before.pool.stock).toMatchObject({ available: 1, assigned: 1 });

    await probeEverything();

    expect(await snapshot()).toEqual(before);
  });
});

describe('lists', () => {
  const ids = (res: { json: { data: { id: string }[] } }) => res.json.data.map((o) => o.id);
  const lists: [string, 'userId' | 'campaignId' | 'keyId' | 'rewardId' | 'poolId' | 'endpointId' | 'eventId'][] = [
    ['/v1/users', 'userId'],
    ['/v1/campaigns', 'campaignId'],
    ['/v1/api-keys', 'keyId'],
    ['/v1/rewards', 'rewardId'],
    ['/v1/voucher-pools', 'poolId'],
    ['/v1/webhook-endpoints', 'endpointId'],
    ['/v1/events', 'eventId'],
  ];

  it.each(lists)("GET %s in A-test shows A-test's object (the control)", async (path, which) => {
    const res = await call('GET', path, { key: a.test.adminKey });
    expect(res.status).toBe(200);
    expect(ids(res)).toContain(target[which]);
  });

  it.each(['/v1/users', '/v1/campaigns', '/v1/api-keys', '/v1/rewards', '/v1/voucher-pools', '/v1/webhook-endpoints', '/v1/events'])("GET %s elsewhere never shows A-test's objects", async (path) => {
    for (const [who, key] of outsiders()) {
      const res = await call('GET', path, { key });
      expect(res.status, who).toBe(200);
      expect(ids(res).filter((id) => targetIds().includes(id)), who).toEqual([]);
      expect(leaks(res.text), who).toEqual([]);
    }
  });

  it("a filter on A-test's external_id never finds A-test's user elsewhere", async () => {
    const query = `filters[0][field]=external_id&filters[0][operator]=equal&filters[0][value]=${target.externalId}`;
    for (const [who, key] of outsiders()) {
      const res = await call('GET', `/v1/users?${query}`, { key });
      expect(res.status, who).toBe(200);
      expect(ids(res), who).not.toContain(target.userId);
      expect(leaks(res.text), who).toEqual([]);
    }
  });
});

describe('creating in another environment', () => {
  it('makes a separate user for the same external_id', async () => {
    const res = await call('POST', '/v1/users', { key: a.live.adminKey, body: { external_id: target.externalId } });
    expect(res.status).toBe(201);
    expect(res.json.id).not.toBe(target.userId);
    expect(res.json.email).toBeNull();
    expect((await call('GET', `/v1/users/${target.userId}`, { key: owner })).json.external_id).toBe(target.externalId);
  });

  it("cannot use A-test's campaign", async () => {
    const res = await call('POST', '/v1/users', { key: a.live.adminKey, body: { external_id: 'cust_campaign_probe', campaign_id: target.campaignId } });
    expect(expectProblem(res, 422).errors?.map((e) => e.field)).toEqual(['campaign_id']);
  });

  it("cannot be referred by A-test's code", async () => {
    const res = await call('POST', '/v1/users', { key: b.test.adminKey, body: { external_id: 'cust_referral_probe', referred_by: target.referralCode } });
    expect(expectProblem(res, 422).errors?.map((e) => e.field)).toEqual(['referred_by']);
  });
});

describe('scopes: every keyed operation in the OpenAPI document', () => {
  /** Every operation, its path parameters filled with an id that exists in A-test. */
  async function everyOperation() {
    const res = await call('GET', '/v1/openapi.json');
    const paths = res.json.paths as Record<string, Record<string, { requestBody?: unknown; 'x-required-scope'?: string }>>;
    return Object.entries(paths).flatMap(([path, item]) =>
      Object.entries(item)
        .filter(([method]) => ['get', 'post', 'put', 'patch', 'delete'].includes(method))
        .map(([method, operation]) => ({
          method: method.toUpperCase(),
          path,
          url: path.replace(/\{[^}]+\}/g, target.userId),
          hasBody: operation.requestBody !== undefined,
          scope: operation['x-required-scope'],
        })),
    );
  }

  /**
   * Operations that answer 401 without a key (sign-in's own session routes aside): the ones a key's
   * scopes govern. The referral widget's routes take a publishable key and refuse every secret key
   * (test/routes/widget.test.ts), so no scope governs them.
   */
  async function keyedOperations() {
    const keyed = [];
    for (const op of (await everyOperation()).filter((o) => !o.path.startsWith('/v1/auth/') && !o.path.startsWith('/v1/widget/'))) {
      const res = await call(op.method, op.url, { body: op.hasBody ? {} : undefined });
      if (res.status === 401) keyed.push(op);
    }
    return keyed;
  }

  const scopedKey = async (scopes: string[]) => {
    const res = await call('POST', '/v1/api-keys', { key: a.test.adminKey, body: { name: `Scoped ${scopes.join(' ')}`, scopes } });
    expect(res.status).toBe(201);
    return res.json.key as string;
  };

  it('a key with no scopes gets a 403 on every one of them, naming the scope the document declares (or admin-only)', async () => {
    const key = await scopedKey([]);
    const operations = await keyedOperations();
    expect(operations.length).toBeGreaterThan(40);
    expect(operations.filter((op) => op.scope).length).toBeGreaterThanOrEqual(33);
    const failures = [];
    for (const op of operations) {
      const res = await call(op.method, op.url, { key, body: op.hasBody ? {} : undefined });
      const detail: string = res.json?.detail ?? '';
      const named = op.scope ? res.json?.type?.endsWith('/missing-scope') && detail.includes(`'${op.scope}'`) : detail.startsWith('Only admin keys');
      if (res.status !== 403 || !named) failures.push(`${op.method} ${op.path} (${op.scope ?? 'admin'}) → ${res.status} ${res.text.slice(0, 120)}`);
    }
    expect(failures).toEqual([]);
  });

  it('a read-only key passes the scope check on every GET and on no write', async () => {
    const key = await scopedKey(['read']);
    const failures = [];
    for (const op of await keyedOperations()) {
      const res = await call(op.method, op.url, { key, body: op.hasBody ? {} : undefined });
      const refused = res.status === 403;
      if (refused === (op.method === 'GET')) failures.push(`${op.method} ${op.path} → ${res.status} ${res.text.slice(0, 120)}`);
    }
    // Admin-only reads stay admin-only: keys, the audit log, webhook endpoints, the inbound hook and billing integrations.
    expect(failures.sort()).toEqual(['GET /v1/api-keys', 'GET /v1/audit-log', 'GET /v1/audit-log/{id}', 'GET /v1/inbound-hook', 'GET /v1/integrations', 'GET /v1/integrations/{provider}/events', 'GET /v1/webhook-endpoints', 'GET /v1/webhook-endpoints/{id}'].map((p) => expect.stringContaining(`${p} → 403`)).sort());
  });

  it('leaves A-test unchanged while refusing', async () => {
    const snapshot = async () => ({
      user: (await call('GET', `/v1/users/${target.userId}`, { key: owner })).json,
      campaigns: (await call('GET', '/v1/campaigns', { key: owner })).json.data,
      rewards: (await call('GET', '/v1/rewards', { key: owner })).json.data,
    });
    const before = await snapshot();
    const key = await scopedKey(['read']);
    for (const op of await keyedOperations()) if (op.method !== 'GET') await call(op.method, op.url, { key, body: op.hasBody ? {} : undefined });
    expect(await snapshot()).toEqual(before);
  });
});
