import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { forgetAll } from '../../worker/lib/credential-cache';
import { describe, expect, it } from 'vitest';
import worker from '../../worker/index';
import { call, expectProblem, ORIGIN, standardKey, workspace } from '../helpers';

type Key = { id: string; prefix: string; last_used_at: string | null; status: string };

async function createKey(adminKey: string, body: Record<string, unknown> = { name: 'Server' }) {
  const res = await call('POST', '/v1/api-keys', { key: adminKey, body });
  expect(res.status).toBe(201);
  return res.json as Key & { key: string };
}

async function keyRow(id: string) {
  return env.DB.prepare('SELECT * FROM api_keys WHERE id = ?').bind(id).first<Record<string, string | null>>();
}

const VALID_BUT_UNKNOWN = `rk_test_${'A'.repeat(40)}`;

describe('authenticate', () => {
  it('accepts a key in X-API-Key', async () => {
    const ws = await workspace();
    const res = await call('GET', '/v1/users', { key: await standardKey(ws.test.adminKey) });
    expect(res.status).toBe(200);
  });

  it('accepts a key as Authorization: Bearer', async () => {
    const ws = await workspace();
    const key = await standardKey(ws.test.adminKey);
    const res = await call('GET', '/v1/users', { headers: { authorization: `Bearer ${key}` } });
    expect(res.status).toBe(200);
  });

  it.each([
    ['no key at all', {}],
    ['an empty X-API-Key', { 'x-api-key': '' }],
    ['a malformed key', { 'x-api-key': 'not-a-key' }],
    ['a key with a bad mode', { 'x-api-key': `rk_prod_${'A'.repeat(40)}` }],
    ['a key that is too short', { 'x-api-key': 'rk_test_abc' }],
    ['a well-formed unknown key', { 'x-api-key': VALID_BUT_UNKNOWN }],
    ['an unknown Bearer key', { authorization: `Bearer ${VALID_BUT_UNKNOWN}` }],
    ['a non-Bearer Authorization', { authorization: 'Basic dXNlcjpwYXNz' }],
  ])('answers 401 for %s', async (_, headers: Record<string, string>) => {
    const res = await call('GET', '/v1/users', { headers });
    expect(expectProblem(res, 401).type).toBe('https://referrio.dev/problems/unauthorized');
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
  });

  it('records last_used_at once the key is used', async () => {
    const ws = await workspace();
    const created = await createKey(ws.test.adminKey);
    expect(created.last_used_at).toBeNull();

    // last_used_at is written in waitUntil; calling the handler with our own context lets us await it.
    const ctx = createExecutionContext();
    const before = new Date().toISOString();
    const res = await worker.fetch(new Request(`${ORIGIN}/v1/users`, { headers: { 'x-api-key': created.key } }), env, ctx);
    expect(res.status).toBe(200);
    await waitOnExecutionContext(ctx);

    const list = await call('GET', '/v1/api-keys', { key: ws.test.adminKey });
    const shown = (list.json.data as Key[]).find((k) => k.id === created.id);
    expect(shown?.last_used_at).toBeTruthy();
    expect((shown?.last_used_at as string) >= before).toBe(true);
    expect((shown?.last_used_at as string) <= new Date().toISOString()).toBe(true);
  });

  it('refuses a rotated key once its grace period has ended', async () => {
    const ws = await workspace();
    const old = await createKey(ws.test.adminKey);
    const rotated = await call('POST', `/v1/api-keys/${old.id}/rotate`, { key: ws.test.adminKey, body: {} });
    expect(rotated.status).toBe(201);
    expect((await call('GET', '/v1/users', { key: old.key })).status).toBe(200);

    await env.DB.prepare('UPDATE api_keys SET expires_at = ? WHERE id = ?').bind(new Date(Date.now() - 1000).toISOString(), old.id).run();
    // The edit stands in for 24 hours passing; by then this isolate's cached lookup (30 s) is long gone.
    forgetAll();

    expectProblem(await call('GET', '/v1/users', { key: old.key }), 401);
    expect((await call('GET', '/v1/users', { key: rotated.json.key })).status).toBe(200);
    const list = await call('GET', '/v1/api-keys', { key: ws.test.adminKey });
    expect((list.json.data as Key[]).find((k) => k.id === old.id)?.status).toBe('expired');
  });
});

describe('requireAdmin', () => {
  const keyRoutes: [string, (key: string, id: string) => ReturnType<typeof call>][] = [
    ['GET /v1/api-keys', (key) => call('GET', '/v1/api-keys', { key })],
    ['POST /v1/api-keys', (key) => call('POST', '/v1/api-keys', { key, body: { name: 'Sneaky', role: 'admin' } })],
    ['POST /v1/api-keys/{id}/rotate', (key, id) => call('POST', `/v1/api-keys/${id}/rotate`, { key, body: {} })],
    ['DELETE /v1/api-keys/{id}', (key, id) => call('DELETE', `/v1/api-keys/${id}`, { key })],
  ];
  const countKeys = async () => (await env.DB.prepare('SELECT count(*) AS n FROM api_keys').first<{ n: number }>())?.n;

  it.each(keyRoutes)('refuses a standard key on %s with 403 and changes nothing', async (_, send) => {
    const ws = await workspace();
    const victim = await createKey(ws.test.adminKey, { name: 'Victim' });
    const standard = await standardKey(ws.test.adminKey);
    const rowBefore = await keyRow(victim.id);
    const countBefore = await countKeys();

    expect(expectProblem(await send(standard, victim.id), 403).type).toBe('https://referrio.dev/problems/forbidden');

    expect(await keyRow(victim.id)).toEqual(rowBefore);
    expect(await countKeys()).toBe(countBefore);
  });

  it('lets an admin key created through the API manage keys', async () => {
    const ws = await workspace();
    const admin = await createKey(ws.test.adminKey, { name: 'Ops', role: 'admin' });
    expect((await call('GET', '/v1/api-keys', { key: admin.key })).status).toBe(200);
    expect((await call('POST', '/v1/api-keys', { key: admin.key, body: { name: 'Child' } })).status).toBe(201);
  });
});
