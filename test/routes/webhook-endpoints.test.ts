import { ALL_SCOPES } from '../../worker/domain/scopes';
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '../../worker/db/client';
import { createEndpoint as createEndpointService } from '../../worker/services/webhooks/endpoints';
import { call, expectProblem, standardKey, workspace } from '../helpers';

type Ws = Awaited<ReturnType<typeof workspace>>;
let ws: Ws;
let admin: string;

beforeAll(async () => {
  ws = await workspace('Endpoints');
  admin = ws.test.adminKey;
});

const create = (body: Record<string, unknown>, key = admin) => call('POST', '/v1/webhook-endpoints', { key, body });
const good = { url: 'https://hooks.example.com/referrio', events: ['reward.created', 'reward.paid'], description: 'Payouts' };

describe('POST /v1/webhook-endpoints', () => {
  it('creates an endpoint and shows its whsec_ secret once', async () => {
    const res = await create(good);
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ object: 'webhook_endpoint', url: good.url, events: ['reward.created', 'reward.paid'], description: 'Payouts', enabled: true, disabled_reason: null });
    expect(res.json.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const got = await call('GET', `/v1/webhook-endpoints/${res.json.id}`, { key: admin });
    expect(got.status).toBe(200);
    expect(got.json).not.toHaveProperty('secret');
    expect(got.text).not.toContain(res.json.secret.slice(6));
    const list = await call('GET', '/v1/webhook-endpoints', { key: admin });
    expect(list.json.data.map((e: { id: string }) => e.id)).toContain(res.json.id);
    expect(list.text).not.toContain(res.json.secret.slice(6));
  });

  it("collapses ['*', …] to ['*']", async () => {
    expect((await create({ ...good, events: ['user.created', '*'], enabled: false })).json.events).toEqual(['*']);
  });

  it.each([
    ['ftp://hooks.example.com/', 'url'],
    ['not a url', 'url'],
    ['https://user:pass@hooks.example.com/', 'url'],
  ])('refuses the url %s', async (url, field) => {
    const problem = expectProblem(await create({ ...good, url }), 400);
    expect(problem.errors?.map((e) => e.field)).toEqual([field]);
  });

  it('refuses unknown event types and an empty list, naming the field', async () => {
    expect(expectProblem(await create({ ...good, events: ['reward.exploded'] }), 400).errors?.[0]?.field).toBe('events.0');
    expect(expectProblem(await create({ ...good, events: [] }), 400).errors?.[0]?.field).toBe('events');
  });

  it('allows loopback receivers in development', async () => {
    expect((await create({ ...good, url: 'http://127.0.0.1:9400/hook' })).status).toBe(201);
  });

  it('refuses private and loopback receivers in production', async () => {
    const ctx = { db: getDb(env), env: { ...env, APP_ENV: 'production' as const }, caller: { workspaceId: ws.workspaceId, environmentId: ws.test.environmentId, mode: 'test' as const, keyId: 'key_x', role: 'admin' as const, scopes: ALL_SCOPES }, origin: 'https://api.example.com' };
    for (const url of ['http://localhost:8080/', 'http://127.0.0.1/', 'https://10.1.2.3/', 'https://192.168.0.10/', 'https://[::1]/', 'https://169.254.169.254/latest', 'https://db.internal/']) {
      await expect(createEndpointService(ctx, { url, events: ['*'] }), url).rejects.toMatchObject({ status: 400, errors: [{ field: 'url' }] });
    }
    await expect(createEndpointService(ctx, { url: 'https://hooks.example.com/', events: ['*'], enabled: false })).resolves.toMatchObject({ url: 'https://hooks.example.com/' });
  });

  it('is for admin keys only', async () => {
    const standard = await standardKey(admin);
    expectProblem(await create(good, standard), 403);
    expectProblem(await call('GET', '/v1/webhook-endpoints', { key: standard }), 403);
  });
});

describe('PATCH and DELETE /v1/webhook-endpoints/{id}', () => {
  it('updates url, events, description; disabling records who did it and enabling clears it', async () => {
    const { json: endpoint } = await create(good);
    const patched = await call('PATCH', `/v1/webhook-endpoints/${endpoint.id}`, { key: admin, body: { url: 'https://other.example.com/h', events: ['user.created'], description: null, enabled: false } });
    expect(patched.status).toBe(200);
    expect(patched.json).toMatchObject({ url: 'https://other.example.com/h', events: ['user.created'], description: null, enabled: false, disabled_reason: 'Disabled by an admin.' });
    const enabled = await call('PATCH', `/v1/webhook-endpoints/${endpoint.id}`, { key: admin, body: { enabled: true } });
    expect(enabled.json).toMatchObject({ enabled: true, disabled_reason: null, failing_since: null });
  });

  it('deletes: 204, then 404', async () => {
    const { json: endpoint } = await create(good);
    expect((await call('DELETE', `/v1/webhook-endpoints/${endpoint.id}`, { key: admin })).status).toBe(204);
    expectProblem(await call('GET', `/v1/webhook-endpoints/${endpoint.id}`, { key: admin }), 404);
    expectProblem(await call('DELETE', `/v1/webhook-endpoints/${endpoint.id}`, { key: admin }), 404);
  });

  it('rotating without a body keeps the old secret for 24 hours', async () => {
    const { json: endpoint } = await create(good);
    const res = await call('POST', `/v1/webhook-endpoints/${endpoint.id}/rotate-secret`, { key: admin });
    expect(res.status).toBe(201);
    const grace = Date.parse(res.json.previous_secret_expires_at) - Date.now();
    expect(grace).toBeGreaterThan(86_400_000 - 60_000);
    expect(grace).toBeLessThanOrEqual(86_400_000);
  });

  it('will not send a test event to a disabled endpoint', async () => {
    const { json: endpoint } = await create({ ...good, enabled: false });
    expectProblem(await call('POST', `/v1/webhook-endpoints/${endpoint.id}/test`, { key: admin }), 409);
  });
});

describe('GET /v1/events and deliveries', () => {
  it('lists events with the list manners, and gets one', async () => {
    const key = await standardKey(admin);
    await call('POST', '/v1/users', { key, body: { external_id: 'evt-list-1' } });
    await call('POST', '/v1/users', { key, body: { external_id: 'evt-list-2' } });
    const res = await call('GET', '/v1/events?filters[0][field]=type&filters[0][value]=user.created&per_page=1', { key });
    expect(res.status).toBe(200);
    expect(res.json.meta).toMatchObject({ per_page: 1, total: 2 });
    expect(res.json.data[0]).toMatchObject({ object: 'event', type: 'user.created', environment_id: ws.test.environmentId, data: { external_id: 'evt-list-2' } });
    const one = await call('GET', `/v1/events/${res.json.data[0].id}`, { key });
    expect(one.json).toEqual(res.json.data[0]);
    expectProblem(await call('GET', '/v1/events?filters[0][field]=secret', { key }), 400);
    expectProblem(await call('GET', '/v1/events/evt_nope', { key }), 404);
  });

  it('lists deliveries of an endpoint; filtering by status works', async () => {
    const { json: endpoint } = await create({ ...good, url: 'https://hooks.example.com/x' });
    const res = await call('GET', `/v1/webhook-endpoints/${endpoint.id}/deliveries?filters[0][field]=status&filters[0][value]=failed`, { key: admin });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ data: [], meta: { total: 0 } });
    expectProblem(await call('GET', '/v1/webhook-endpoints/whe_nope/deliveries', { key: admin }), 404);
    expectProblem(await call('POST', '/v1/webhook-deliveries/whd_nope/retry', { key: admin }), 404);
  });
});
