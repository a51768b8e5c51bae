import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import worker from '../../worker/index';
import { call, expectProblem, ORIGIN } from '../helpers';

const SETUP_TOKEN = 'test-setup-token';
const admins = async () => (await env.DB.prepare('SELECT count(*) AS n FROM admins').first<{ n: number }>())?.n;
const workspaces = async () => (await env.DB.prepare('SELECT count(*) AS n FROM workspaces').first<{ n: number }>())?.n;
const attempt = (body: Record<string, unknown>) =>
  call('POST', '/v1/auth/setup', { body: { workspace_name: 'Takeover', email: 'first@example.com', password: 'a long passphrase', ...body } });

// Its own file: first-run setup needs a database with no admin, and storage is per file.
describe('first-run setup', () => {
  it('needs the setup token: missing is a 400 naming it, wrong is a 403, and neither creates anything', async () => {
    expect(expectProblem(await attempt({}), 400).errors?.map((e) => e.field)).toEqual(['setup_token']);
    const wrong = expectProblem(await attempt({ setup_token: 'guess' }), 403);
    expect(wrong.type).toMatch(/setup-token-invalid$/);
    expect(wrong.errors?.map((e) => e.field)).toEqual(['setup_token']);
    expect(expectProblem(await attempt({ setup_token: `${SETUP_TOKEN}x` }), 403).type).toMatch(/setup-token-invalid$/);
    expect(await admins()).toBe(0);
    expect(await workspaces()).toBe(0);
    expect((await call('GET', '/v1/auth/setup')).json).toEqual({ setup_required: true });
  });

  it('is closed when the deployment has no setup token at all', async () => {
    const ctx = createExecutionContext();
    const res = await worker.fetch(
      new Request(`${ORIGIN}/v1/auth/setup`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ workspace_name: 'Takeover', email: 'first@example.com', password: 'a long passphrase', setup_token: '' }),
      }),
      { ...env, SETUP_TOKEN: undefined },
      ctx,
    );
    await waitOnExecutionContext(ctx);
    expect(res.status).toBe(400);
    const noToken = await worker.fetch(
      new Request(`${ORIGIN}/v1/auth/setup`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ workspace_name: 'Takeover', email: 'first@example.com', password: 'a long passphrase', setup_token: 'anything' }),
      }),
      { ...env, SETUP_TOKEN: undefined },
      createExecutionContext(),
    );
    expect(noToken.status).toBe(403);
    expect(((await noToken.json()) as { type: string }).type).toMatch(/setup-token-not-configured$/);
    expect(await admins()).toBe(0);
  });

  it('creates the workspace and first admin once, then closes', async () => {
    expect((await call('GET', '/v1/auth/setup')).json).toEqual({ setup_required: true });

    const bad = await call('POST', '/v1/auth/setup', { body: { workspace_name: '', email: 'x', password: 'short', setup_token: SETUP_TOKEN } });
    expect(expectProblem(bad, 400).errors?.map((e) => e.field).sort()).toEqual(['email', 'password', 'workspace_name']);

    const res = await call('POST', '/v1/auth/setup', { body: { workspace_name: 'My shop', email: 'Owner@Example.com', password: 'a long passphrase', setup_token: SETUP_TOKEN } });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ object: 'session', admin: { email: 'owner@example.com' }, workspace: { name: 'My shop' } });
    const cookie = /referrio_session=[^;]+/.exec(res.headers.get('set-cookie') ?? '')?.[0] ?? '';
    expect((await call('GET', '/v1/campaigns', { headers: { cookie } })).json.data).toHaveLength(1);

    expect((await call('GET', '/v1/auth/setup')).json).toEqual({ setup_required: false });
    const again = await call('POST', '/v1/auth/setup', { body: { workspace_name: 'Takeover', email: 'evil@example.com', password: 'another passphrase', setup_token: SETUP_TOKEN } });
    expect(expectProblem(again, 409).type).toMatch(/already-set-up$/);
  });
});
