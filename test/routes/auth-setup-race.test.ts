import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { call } from '../helpers';

// Its own file: it needs a database with no admin, and storage is per file.
describe('racing first-run setups', () => {
  it('let exactly one win, leaving one workspace and one admin', async () => {
    const results = await Promise.all(
      ['a', 'b', 'c'].map((n) => call('POST', '/v1/auth/setup', { body: { workspace_name: `Race ${n}`, email: `race-${n}@example.com`, password: 'a long passphrase' } })),
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409]);
    const count = async (table: string) => (await env.DB.prepare(`SELECT count(*) AS n FROM ${table}`).first<{ n: number }>())?.n;
    expect(await count('admins')).toBe(1);
    expect(await count('workspaces')).toBe(1);
  });
});
