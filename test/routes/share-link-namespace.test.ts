import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectProblem, workspace } from '../helpers';
import { follow, send } from '../share-links';

/** `/r/{CODE}` names no environment: a code must be unique across every environment and workspace. */

type Workspace = Awaited<ReturnType<typeof workspace>>;
let a: Workspace;
let b: Workspace;

beforeAll(async () => {
  a = await workspace('Namespace A', 'https://shop.example.com/');
  b = await workspace('Namespace B', 'https://other-shop.example.com/');
});

const enrol = (key: string, externalId: string, code?: string) => send('POST', '/v1/users', { key, body: { external_id: externalId, name: 'Sam', ...(code ? { code } : {}) } });

describe('one namespace for share links', () => {
  it('SUMMER26: a live referrer cannot take the vanity code a test campaign holds (409), and the link keeps its owner', async () => {
    // With the test key: the test campaign's landing URL points elsewhere, and a referrer takes SUMMER26.
    const patched = await send('PATCH', `/v1/campaigns/${a.test.campaignId}`, {
      key: a.test.adminKey,
      body: { landing_url: 'https://elsewhere.example.org/', allowed_domains: ['elsewhere.example.org'], status: 'live' },
    });
    expect(patched.status, patched.text).toBe(200);
    expect((await enrol(a.test.adminKey, 'tester', 'SUMMER26')).status).toBe(201);

    const live = await enrol(a.live.adminKey, 'real-customer', 'SUMMER26');
    const problem = expectProblem(live, 409);
    expect(problem.type).toMatch(/code-taken$/);
    expect(problem.errors).toEqual([{ field: 'code', message: 'Already in use.' }]);
    const users = await env.DB.prepare("SELECT environment_id FROM users WHERE referral_code = 'SUMMER26'").all<{ environment_id: string }>();
    expect(users.results).toEqual([{ environment_id: a.test.environmentId }]);
    // No live referrer was made whose share_url would lead to the test campaign's page.
    expect((await send('GET', '/v1/users/real-customer', { key: a.live.adminKey })).status).toBe(404);
    expect((await follow('SUMMER26')).headers.get('location')).toBe('https://elsewhere.example.org/?r=SUMMER26');
  });

  it('refuses a code held in another workspace, whatever its case', async () => {
    expect((await enrol(a.test.adminKey, 'first-holder', 'SHARED-ACROSS')).status).toBe(201);
    expect(expectProblem(await enrol(b.live.adminKey, 'second-holder', 'shared-across'), 409).type).toMatch(/code-taken$/);
    expect(expectProblem(await enrol(b.test.adminKey, 'third-holder', 'SHARED-ACROSS'), 409).type).toMatch(/code-taken$/);
  });

  it('a code created after a link to it was followed redirects at once (the cached miss is forgotten)', async () => {
    expect((await follow('LATE-COMER')).status).toBe(404);
    expect((await enrol(b.test.adminKey, 'late', 'LATE-COMER')).status).toBe(201);
    const res = await follow('LATE-COMER');
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('https://other-shop.example.com/?r=LATE-COMER');
  });

  it('so does a code created by a bulk import', async () => {
    expect((await follow('IMPORTED-LATE')).status).toBe(404);
    const res = await send('POST', '/v1/users/import', { key: b.test.adminKey, body: { rows: [{ external_id: 'imp-1', code: 'IMPORTED-LATE' }] } });
    expect(res.status, res.text).toBe(200);
    expect((await follow('IMPORTED-LATE')).status).toBe(302);
  });
});

describe('migration 0010 on a deployment that already has collisions', () => {
  const migration = () => {
    const found = env.TEST_MIGRATIONS.find((m) => m.name.startsWith('0010_'));
    if (!found) throw new Error('migration 0010 not found');
    // Its share-link part: the scopes and sign-in columns exist already in this database.
    return found.queries.filter((q) => !/ALTER TABLE|UPDATE `api_keys`/.test(q));
  };

  it('keeps the oldest holder, gives each younger one a new code, and reports both', async () => {
    // The schema as it was: codes unique per environment only.
    await env.DB.batch([
      env.DB.prepare('DROP TABLE code_reassignments'),
      env.DB.prepare('DROP INDEX users_referral_code'),
      env.DB.prepare('CREATE UNIQUE INDEX users_environment_code ON users (environment_id, referral_code)'),
      env.DB.prepare('CREATE INDEX users_code ON users (referral_code)'),
    ]);
    const insert = (id: string, environmentId: string, campaignId: string, createdAt: string) =>
      env.DB.prepare(
        `INSERT INTO users (id, environment_id, campaign_id, external_id, referral_code, metadata, source, created_at, updated_at) VALUES (?, ?, ?, ?, 'OLD-CLASH', '{}', 'api', ?, ?)`,
      ).bind(id, environmentId, campaignId, id, createdAt, createdAt);
    await env.DB.batch([
      insert('usr_clash_live', a.live.environmentId, a.live.campaignId, '2026-03-02T00:00:00.000Z'),
      insert('usr_clash_oldest', a.test.environmentId, a.test.campaignId, '2026-03-01T00:00:00.000Z'),
      insert('usr_clash_other_ws', b.live.environmentId, b.live.campaignId, '2026-03-03T00:00:00.000Z'),
    ]);

    for (const query of migration()) await env.DB.prepare(query).run();

    const codes = await env.DB.prepare("SELECT id, referral_code FROM users WHERE id LIKE 'usr_clash_%' ORDER BY id").all<{ id: string; referral_code: string }>();
    const byId = Object.fromEntries(codes.results.map((r) => [r.id, r.referral_code]));
    expect(byId.usr_clash_oldest).toBe('OLD-CLASH');
    expect(byId.usr_clash_live).toMatch(/^OLD-CLASH-[0-9A-F]{8}$/);
    expect(byId.usr_clash_other_ws).toMatch(/^OLD-CLASH-[0-9A-F]{8}$/);
    expect(byId.usr_clash_live).not.toBe(byId.usr_clash_other_ws);

    const report = await env.DB.prepare('SELECT user_id, environment_id, old_code, new_code, kept_by_user_id, kept_by_environment_id FROM code_reassignments ORDER BY user_id').all();
    expect(report.results).toEqual([
      { user_id: 'usr_clash_live', environment_id: a.live.environmentId, old_code: 'OLD-CLASH', new_code: byId.usr_clash_live, kept_by_user_id: 'usr_clash_oldest', kept_by_environment_id: a.test.environmentId },
      { user_id: 'usr_clash_other_ws', environment_id: b.live.environmentId, old_code: 'OLD-CLASH', new_code: byId.usr_clash_other_ws, kept_by_user_id: 'usr_clash_oldest', kept_by_environment_id: a.test.environmentId },
    ]);
    // The deployment-wide index is in place again: the old code cannot be taken twice.
    expect(expectProblem(await enrol(b.test.adminKey, 'after-migration', 'OLD-CLASH'), 409).type).toMatch(/code-taken$/);
    // And the renamed referrers' links work under their new codes.
    expect((await follow(byId.usr_clash_other_ws as string)).headers.get('location')).toBe(`https://other-shop.example.com/?r=${byId.usr_clash_other_ws}`);
  });
});
