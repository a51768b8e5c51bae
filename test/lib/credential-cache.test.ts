import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { getDb } from '../../worker/db/client';
import { type CachedCredential, cachedCredential, rememberCredential } from '../../worker/lib/credential-cache';
import { sha256Hex } from '../../worker/lib/crypto';
import { createWorkspace } from '../../worker/services/access/workspaces';
import { call, expectProblem, standardKey, workspace } from '../helpers';

/**
 * Key and session lookups are cached per isolate (lib/credential-cache.ts). Another isolate
 * keeps its copy after a revocation; these tests put such a stale copy back into this isolate
 * and check that the credential's RateLimiter object still refuses it.
 */
describe('credential cache', () => {
  it('serves a warm key from the cache', async () => {
    const ws = await workspace();
    const key = await standardKey(ws.test.adminKey);
    expect((await call('GET', '/v1/users', { key })).status).toBe(200);
    expect(cachedCredential(await sha256Hex(key))).toBeDefined();
  });

  it('refuses a revoked key in an isolate that still has it cached', async () => {
    const ws = await workspace();
    const key = await standardKey(ws.test.adminKey);
    expect((await call('GET', '/v1/users', { key })).status).toBe(200);
    const hash = await sha256Hex(key);
    const stale = cachedCredential(hash) as CachedCredential;
    const id = (await call('GET', '/v1/api-keys', { key: ws.test.adminKey })).json.data.find((k: { prefix: string }) => key.startsWith(k.prefix)).id;
    expect((await call('DELETE', `/v1/api-keys/${id}`, { key: ws.test.adminKey })).status).toBe(200);
    rememberCredential(hash, stale);
    expectProblem(await call('GET', '/v1/users', { key }), 401);
  });

  it('refuses a signed-out session in an isolate that still has it cached', async () => {
    const email = `cache-${crypto.randomUUID().slice(0, 8)}@example.com`;
    await createWorkspace(getDb(env), { name: 'Cache', landingUrl: 'https://shop.example.com/', admin: { email, password: 'correct horse battery' } });
    const login = await call('POST', '/v1/auth/login', { body: { email, password: 'correct horse battery' } });
    const token = /referrio_session=([^;]*)/.exec(login.headers.get('set-cookie') ?? '')?.[1] as string;
    const cookie = `referrio_session=${token}`;
    expect((await call('GET', '/v1/users', { headers: { cookie } })).status).toBe(200);
    const hash = await sha256Hex(token);
    const stale = cachedCredential(hash) as CachedCredential;
    expect((await call('POST', '/v1/auth/logout', { headers: { cookie } })).status).toBe(204);
    rememberCredential(hash, stale);
    expectProblem(await call('GET', '/v1/users', { headers: { cookie } }), 401);
  });
});
