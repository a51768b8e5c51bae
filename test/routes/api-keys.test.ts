import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { call, expectProblem, workspace } from '../helpers';

const DAY_MS = 24 * 60 * 60 * 1000;

type KeyResource = { id: string; name: string; role: string; mode: string; prefix: string; status: string; created_by: string; rotated_from_id: string | null; expires_at: string | null; revoked_at: string | null };
type Created = KeyResource & { key: string };

async function sha256Hex(input: string) {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(input));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

async function createKey(adminKey: string, body: Record<string, unknown> = { name: 'Checkout backend' }): Promise<Created> {
  const res = await call('POST', '/v1/api-keys', { key: adminKey, body });
  expect(res.status).toBe(201);
  return res.json;
}

async function listKeys(adminKey: string) {
  const res = await call('GET', '/v1/api-keys', { key: adminKey });
  expect(res.status).toBe(200);
  return { text: res.text, data: res.json.data as KeyResource[] };
}

const rotate = (adminKey: string, id: string, body: unknown = {}) => call('POST', `/v1/api-keys/${id}/rotate`, { key: adminKey, body });
const works = async (key: string) => (await call('GET', '/v1/users', { key })).status === 200;
/** Every key row except last_used_at, which waitUntil may refresh at any moment. */
const keyRows = () =>
  env.DB.prepare('SELECT id, environment_id, name, role, prefix, key_hash, created_by, rotated_from_id, created_at, expires_at, revoked_at FROM api_keys ORDER BY id')
    .all()
    .then((r) => r.results);

/** The admin key's own id, found by its visible prefix. */
async function adminKeyId(adminKey: string) {
  const { data } = await listKeys(adminKey);
  return data.find((k) => k.prefix === adminKey.slice(0, 12))?.id;
}

describe('POST /v1/api-keys', () => {
  it('returns rk_test_ plus 40 base62 characters, once, with its prefix', async () => {
    const ws = await workspace();
    const created = await createKey(ws.test.adminKey);
    expect(created.key).toMatch(/^rk_test_[0-9A-Za-z]{40}$/);
    expect(created).toMatchObject({ object: 'api_key', name: 'Checkout backend', role: 'standard', mode: 'test', status: 'active' });
    expect(created.prefix).toBe(created.key.slice(0, 12));
  });

  it('mints rk_live_ keys in the live environment', async () => {
    const ws = await workspace();
    const created = await createKey(ws.live.adminKey);
    expect(created.key).toMatch(/^rk_live_[0-9A-Za-z]{40}$/);
    expect(created.mode).toBe('live');
  });

  it('stores only the SHA-256 hex of the key', async () => {
    const ws = await workspace();
    const created = await createKey(ws.test.adminKey);
    const row = await env.DB.prepare('SELECT * FROM api_keys WHERE id = ?').bind(created.id).first<Record<string, unknown>>();
    expect(row?.key_hash).toBe(await sha256Hex(created.key));
    for (const value of Object.values(row ?? {})) expect(String(value)).not.toContain(created.key);
  });

  it('records the creating key in created_by', async () => {
    const ws = await workspace();
    const ops = await createKey(ws.test.adminKey, { name: 'Ops', role: 'admin' });
    const child = await createKey(ops.key, { name: 'Child' });
    expect(child.created_by).toBe(ops.id);
    expect(ops.created_by).toBe(await adminKeyId(ws.test.adminKey));
  });
});

describe('GET /v1/api-keys', () => {
  it('never shows a key or its hash', async () => {
    const ws = await workspace();
    const created = await createKey(ws.test.adminKey);
    const { text, data } = await listKeys(ws.test.adminKey);
    const shown = data.find((k) => k.id === created.id);
    expect(shown?.prefix).toBe(created.prefix);
    for (const k of data) expect(Object.keys(k).filter((f) => /key|hash/.test(f))).toEqual([]);
    expect(text).not.toContain(created.key);
    expect(text).not.toContain(await sha256Hex(created.key));
    expect(text).not.toContain(ws.test.adminKey);
  });
});

describe('DELETE /v1/api-keys/{id}', () => {
  it('stops the key at once', async () => {
    const ws = await workspace();
    const created = await createKey(ws.test.adminKey);
    expect(await works(created.key)).toBe(true);

    const res = await call('DELETE', `/v1/api-keys/${created.id}`, { key: ws.test.adminKey });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ id: created.id, status: 'revoked' });
    expect(res.json).not.toHaveProperty('key');
    expectProblem(await call('GET', '/v1/users', { key: created.key }), 401);
  });

  it('is idempotent', async () => {
    const ws = await workspace();
    const created = await createKey(ws.test.adminKey);
    const first = await call('DELETE', `/v1/api-keys/${created.id}`, { key: ws.test.adminKey });
    const second = await call('DELETE', `/v1/api-keys/${created.id}`, { key: ws.test.adminKey });
    expect(second.status).toBe(200);
    expect(second.json).toEqual(first.json);
  });

  it('keeps the first revocation time when revoked many times at once', async () => {
    const ws = await workspace();
    const created = await createKey(ws.test.adminKey);
    const responses = await Promise.all(Array.from({ length: 10 }, () => call('DELETE', `/v1/api-keys/${created.id}`, { key: ws.test.adminKey })));
    const stored = await env.DB.prepare('SELECT revoked_at FROM api_keys WHERE id = ?').bind(created.id).first<{ revoked_at: string }>();
    expect(responses.map((r) => r.status)).toEqual(Array(10).fill(200));
    expect(new Set(responses.map((r) => r.json.revoked_at))).toEqual(new Set([stored?.revoked_at]));
  });

  it('answers 404 for an unknown id', async () => {
    const ws = await workspace();
    expectProblem(await call('DELETE', '/v1/api-keys/key_doesnotexist', { key: ws.test.adminKey }), 404);
  });
});

describe('POST /v1/api-keys/{id}/rotate', () => {
  it('issues a successor that works at once, with the same name and role', async () => {
    const ws = await workspace();
    const old = await createKey(ws.test.adminKey, { name: 'Ops', role: 'admin' });
    const res = await rotate(ws.test.adminKey, old.id);
    expect(res.status).toBe(201);
    expect(res.json.key).toMatch(/^rk_test_[0-9A-Za-z]{40}$/);
    expect(res.json).toMatchObject({ name: 'Ops', role: 'admin', status: 'active', rotated_from_id: old.id, created_by: await adminKeyId(ws.test.adminKey) });
    expect(res.json.previous).not.toHaveProperty('key');
    expect(await works(res.json.key)).toBe(true);
  });

  it('keeps the old key working for a default grace period of 24 hours', async () => {
    const ws = await workspace();
    const old = await createKey(ws.test.adminKey);
    const before = Date.now();
    const res = await rotate(ws.test.adminKey, old.id);
    expect(res.json.previous).toMatchObject({ id: old.id, status: 'expiring' });
    const expiresAt = Date.parse(res.json.previous.expires_at);
    expect(expiresAt).toBeGreaterThanOrEqual(before + DAY_MS);
    expect(expiresAt).toBeLessThanOrEqual(Date.now() + DAY_MS);
    expect(await works(old.key)).toBe(true);
  });

  it('works without a body', async () => {
    const ws = await workspace();
    const old = await createKey(ws.test.adminKey);
    const res = await call('POST', `/v1/api-keys/${old.id}/rotate`, { key: ws.test.adminKey });
    expect(res.status).toBe(201);
    expect(res.json.previous.status).toBe('expiring');
  });

  it('stops the old key at once with grace_period_seconds 0', async () => {
    const ws = await workspace();
    const old = await createKey(ws.test.adminKey);
    const res = await rotate(ws.test.adminKey, old.id, { grace_period_seconds: 0 });
    expect(res.status).toBe(201);
    expectProblem(await call('GET', '/v1/users', { key: old.key }), 401);
    expect(await works(res.json.key)).toBe(true);
  });

  it('never lengthens the grace period of a key already expiring', async () => {
    const ws = await workspace();
    const old = await createKey(ws.test.adminKey);
    const first = await rotate(ws.test.adminKey, old.id, { grace_period_seconds: 60 });
    const second = await rotate(ws.test.adminKey, old.id);
    expect(second.status).toBe(201);
    expect(second.json.previous.expires_at).toBe(first.json.previous.expires_at);
  });

  it('answers 409 for a revoked key', async () => {
    const ws = await workspace();
    const old = await createKey(ws.test.adminKey);
    await call('DELETE', `/v1/api-keys/${old.id}`, { key: ws.test.adminKey });
    const before = await keyRows();
    expect(expectProblem(await rotate(ws.test.adminKey, old.id), 409).type).toBe('https://referrio.dev/problems/key-inactive');
    expect(await keyRows()).toEqual(before);
  });

  it('answers 409 for a key whose grace period has ended', async () => {
    const ws = await workspace();
    const old = await createKey(ws.test.adminKey);
    await rotate(ws.test.adminKey, old.id, { grace_period_seconds: 0 });
    expectProblem(await rotate(ws.test.adminKey, old.id), 409);
  });

  it('answers 404 for an unknown id', async () => {
    const ws = await workspace();
    expectProblem(await rotate(ws.test.adminKey, 'key_doesnotexist'), 404);
  });
});

describe('invalid requests', () => {
  const json = (body: unknown) => ({ body });
  const raw = (body: string, contentType: string) => ({ body, headers: { 'content-type': contentType } });

  const createCases: [string, { body: unknown; headers?: Record<string, string> }, number, string?][] = [
    ['an unknown field', json({ name: 'A', permissions: ['all'] }), 400, 'permissions'],
    ['an unknown scope', json({ name: 'A', scopes: ['all'] }), 400, 'scopes.0'],
    ['scopes given as a string', json({ name: 'A', scopes: 'read' }), 400, 'scopes'],
    ['an empty name', json({ name: '' }), 400, 'name'],
    ['a blank name', json({ name: '   ' }), 400, 'name'],
    ['a missing name', json({}), 400, 'name'],
    ['a name over 100 characters', json({ name: 'x'.repeat(101) }), 400, 'name'],
    ['a role outside the enum', json({ name: 'A', role: 'owner' }), 400, 'role'],
    ['a non-JSON content type', raw('name=A', 'text/plain'), 415],
    ['a form body', raw('name=A', 'application/x-www-form-urlencoded'), 415],
    ['malformed JSON', raw('{"name": "A"', 'application/json'), 400],
    ['a JSON array', json([{ name: 'A' }]), 400],
  ];

  it.each(createCases)('POST /v1/api-keys refuses %s and creates nothing', async (_, options, status, field) => {
    const ws = await workspace();
    const before = await keyRows();
    const problem = expectProblem(await call('POST', '/v1/api-keys', { key: ws.test.adminKey, ...options }), status);
    if (field) expect(problem.errors?.map((e) => e.field)).toContain(field);
    expect(await keyRows()).toEqual(before);
  });

  const rotateCases: [string, { body: unknown; headers?: Record<string, string> }, number, string?][] = [
    ['an unknown field', json({ grace: 60 }), 400, 'grace'],
    ['a negative grace period', json({ grace_period_seconds: -1 }), 400, 'grace_period_seconds'],
    ['a fractional grace period', json({ grace_period_seconds: 1.5 }), 400, 'grace_period_seconds'],
    ['a grace period given as a string', json({ grace_period_seconds: '60' }), 400, 'grace_period_seconds'],
    ['a grace period over 30 days', json({ grace_period_seconds: 30 * 86400 + 1 }), 400, 'grace_period_seconds'],
    ['a non-JSON content type', raw('grace_period_seconds=0', 'text/plain'), 415],
    ['malformed JSON', raw('{"grace_period_seconds": ', 'application/json'), 400],
  ];

  it.each(rotateCases)('POST /v1/api-keys/{id}/rotate refuses %s and rotates nothing', async (_, options, status, field) => {
    const ws = await workspace();
    const old = await createKey(ws.test.adminKey);
    const before = await keyRows();
    const problem = expectProblem(await call('POST', `/v1/api-keys/${old.id}/rotate`, { key: ws.test.adminKey, ...options }), status);
    if (field) expect(problem.errors?.map((e) => e.field)).toContain(field);
    expect(await keyRows()).toEqual(before);
    expect(await works(old.key)).toBe(true);
  });
});
