import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { getDb } from '../../worker/db/client';
import { setup } from '../../worker/services/access/sessions';

// Its own file: it needs a database with no admin, and storage is per file.
describe('racing first-run setups', () => {
  it('let exactly one win, leaving one workspace and one admin', async () => {
    const db = getDb(env);
    const results = await Promise.allSettled(
      ['a', 'b', 'c'].map((n) => setup(db, { workspace_name: `Race ${n}`, email: `race-${n}@example.com`, password: 'a long passphrase' })),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results) if (r.status === 'rejected') expect((r.reason as { type?: string }).type).toBe('already-set-up');
    const count = async (table: string) => (await env.DB.prepare(`SELECT count(*) AS n FROM ${table}`).first<{ n: number }>())?.n;
    expect(await count('admins')).toBe(1);
    expect(await count('workspaces')).toBe(1);
  });
});
