import { describe, expect, it } from 'vitest';
import { call, expectProblem } from '../helpers';

// Its own file: first-run setup needs a database with no admin, and storage is per file.
describe('first-run setup', () => {
  it('creates the workspace and first admin once, then closes', async () => {
    expect((await call('GET', '/v1/auth/setup')).json).toEqual({ setup_required: true });

    const bad = await call('POST', '/v1/auth/setup', { body: { workspace_name: '', email: 'x', password: 'short' } });
    expect(expectProblem(bad, 400).errors?.map((e) => e.field).sort()).toEqual(['email', 'password', 'workspace_name']);

    const res = await call('POST', '/v1/auth/setup', { body: { workspace_name: 'My shop', email: 'Owner@Example.com', password: 'a long passphrase' } });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ object: 'session', admin: { email: 'owner@example.com' }, workspace: { name: 'My shop' } });
    const cookie = /referrio_session=[^;]+/.exec(res.headers.get('set-cookie') ?? '')?.[0] ?? '';
    expect((await call('GET', '/v1/campaigns', { headers: { cookie } })).json.data).toHaveLength(1);

    expect((await call('GET', '/v1/auth/setup')).json).toEqual({ setup_required: false });
    const again = await call('POST', '/v1/auth/setup', { body: { workspace_name: 'Takeover', email: 'evil@example.com', password: 'another passphrase' } });
    expect(expectProblem(again, 409).type).toMatch(/already-set-up$/);
  });
});
