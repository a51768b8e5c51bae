import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { env as bindings } from 'cloudflare:workers';
import { getDb } from '../worker/db/client';
import { createWorkspace } from '../worker/services/access/workspaces';
import { call, ORIGIN } from './helpers';

const ADMIN_EMAIL = 'owner@secrets.example';
const ADMIN_PASSWORD = 'correct horse battery staple 42';

/**
 * A secret is shown once, in the answer that creates it, and never again: not in any later
 * answer (every GET of the OpenAPI document is walked, so new routes are covered), not in
 * errors, not in logs. Secrets here: API keys, webhook signing secrets (created and rotated),
 * the inbound qualify token, and a dashboard admin's password and session token.
 */

type Workspace = Awaited<ReturnType<typeof createWorkspace>>;
let ws: Workspace;
const secrets: string[] = [];
const ids: string[] = [];
const logged: string[] = [];

beforeAll(async () => {
  for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => void logged.push(args.map(String).join(' ')));
  }
  ws = await createWorkspace(getDb(bindings), { name: 'Secrets', landingUrl: 'https://shop.example.com/', admin: { email: ADMIN_EMAIL, password: ADMIN_PASSWORD } });
  secrets.push(ws.test.adminKey, ws.live.adminKey);
  const created = await call('POST', '/v1/api-keys', { key: ws.test.adminKey, body: { name: 'Shown once' } });
  expect(created.status).toBe(201);
  expect(created.json.key).toMatch(/^rk_test_/);
  secrets.push(created.json.key);
  ids.push(created.json.id);
  const rotated = await call('POST', `/v1/api-keys/${created.json.id}/rotate`, { key: ws.test.adminKey, body: {} });
  expect(rotated.status).toBe(201);
  secrets.push(rotated.json.key);
  ids.push(rotated.json.id);
  const user = await call('POST', '/v1/users', { key: ws.test.adminKey, body: { external_id: 'cust_secret', email: 'secret@example.com' } });
  ids.push(user.json.id, ws.test.campaignId);

  const endpoint = await call('POST', '/v1/webhook-endpoints', { key: ws.test.adminKey, body: { url: 'https://example.com/hooks/secret', events: ['*'] } });
  expect(endpoint.json.secret).toMatch(/^whsec_/);
  const rotatedSecret = await call('POST', `/v1/webhook-endpoints/${endpoint.json.id}/rotate-secret`, { key: ws.test.adminKey, body: { grace_period_seconds: 3600 } });
  expect(rotatedSecret.json.secret).toMatch(/^whsec_/);
  secrets.push(endpoint.json.secret, rotatedSecret.json.secret);
  ids.push(endpoint.json.id);

  const hook = await call('POST', '/v1/inbound-hook/rotate', { key: ws.test.adminKey });
  expect(hook.json.token).toEqual(expect.any(String));
  secrets.push(hook.json.token);

  const login = await call('POST', '/v1/auth/login', { body: { email: ADMIN_EMAIL, password: ADMIN_PASSWORD }, headers: { origin: ORIGIN } });
  expect(login.status).toBe(200);
  const session = /referrio_session=([^;]+)/.exec(login.headers.get('set-cookie') ?? '')?.[1];
  expect(session).toBeTruthy();
  secrets.push(ADMIN_PASSWORD, session as string);
});

afterEach(() => {
  expect(logged.filter((line) => secrets.some((s) => line.includes(s)))).toEqual([]);
});

const leaked = (text: string) => secrets.filter((s) => text.includes(s) || text.includes(s.slice(12)));

describe('secrets', () => {
  it('are stored only as hashes (API keys, the inbound token, passwords, sessions)', async () => {
    for (const table of ['api_keys', 'inbound_hooks', 'admins', 'sessions']) {
      const rows = (await bindings.DB.prepare(`SELECT * FROM ${table}`).all()).results;
      expect(rows.length, table).toBeGreaterThan(0);
      expect(leaked(JSON.stringify(rows)), table).toEqual([]);
    }
  });

  it('never appear in any GET of the OpenAPI document after creation', async () => {
    const doc = (await call('GET', '/v1/openapi.json')).json as { paths: Record<string, Record<string, unknown>> };
    const gets = Object.entries(doc.paths).filter(([, item]) => 'get' in item).map(([path]) => path);
    let calls = 0;
    for (const path of gets) {
      for (const id of /\{[^}]+\}/.test(path) ? ids : ['']) {
        const res = await call('GET', path.replace(/\{[^}]+\}/g, encodeURIComponent(id)), { key: ws.test.adminKey });
        calls++;
        expect(leaked(res.text), `GET ${path} (${id})`).toEqual([]);
      }
    }
    expect(calls).toBeGreaterThan(gets.length);
  });

  it('are not echoed by errors about them', async () => {
    const revoked = await call('POST', '/v1/api-keys', { key: ws.test.adminKey, body: { name: 'Revoked' } });
    await call('DELETE', `/v1/api-keys/${revoked.json.id}`, { key: ws.test.adminKey });
    secrets.push(revoked.json.key);
    const attempts = [
      await call('GET', '/v1/users', { key: revoked.json.key }),
      await call('GET', '/v1/users', { key: `${ws.test.adminKey}x` }),
      await call('GET', '/v1/users', { headers: { authorization: `Basic ${ws.test.adminKey}` } }),
      await call('POST', '/v1/users', { key: ws.test.adminKey, body: { external_id: 'x', name: { key: ws.live.adminKey } } }),
      await call('POST', '/v1/users', { key: ws.test.adminKey, body: `{"external_id": "${ws.live.adminKey}` }),
    ];
    for (const res of attempts) {
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(leaked(res.text)).toEqual([]);
    }
  });

  it('are not written to the logs', async () => {
    await call('GET', '/v1/users', { key: ws.test.adminKey });
    await call('GET', '/v1/users', { key: `rk_test_${'Q'.repeat(40)}` });
    await call('POST', '/v1/api-keys', { key: ws.test.adminKey, body: { name: 'Logged?' } });
    // afterEach checks the lines of every other test in this file the same way.
    expect(logged.filter((line) => leaked(line).length > 0)).toEqual([]);
  });
});
