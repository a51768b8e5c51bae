import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { call, expectProblem, standardKey, workspace } from '../helpers';
import { campaignWithReferrer } from '../rewards-setup';

let adminKey: string;
let key: string;

beforeAll(async () => {
  const ws = await workspace('Audited');
  adminKey = ws.test.adminKey;
  key = await standardKey(adminKey);
});

const prefixOf = (k: string) => k.slice(0, 12);
const auditRows = async () => (await env.DB.prepare('SELECT count(*) AS n FROM audit_log').first<{ n: number }>())?.n ?? 0;

/** The newest entries about one object, through the API and its list query language. */
async function entriesOf(targetId: string) {
  const res = await call('GET', `/v1/audit-log?filters[0][field]=target_id&filters[0][operator]=equal&filters[0][value]=${targetId}&order[field]=created_at&order[direction]=asc&per_page=250`, { key: adminKey });
  expect(res.status).toBe(200);
  return res.json.data as { action: string; actor: string; actor_type: string; actor_id: string; before: Record<string, unknown> | null; after: Record<string, unknown> | null; ip: string | null; request_id: string | null; created_at: string }[];
}

describe('the audit log', () => {
  it('records a campaign change: who, before and after (rules, budget, landing URL), from where', async () => {
    const { campaignId } = await campaignWithReferrer(key, 'aud1', []);
    const res = await call('PATCH', `/v1/campaigns/${campaignId}`, {
      key,
      headers: { 'cf-connecting-ip': '203.0.113.9', 'user-agent': 'audit-test' },
      body: { landing_url: 'https://shop.example.com/new', budget: { amount: 10_000, currency: 'USD' }, rules: [{ id: 'r1', trigger: 'signup', recipients: { referrer: { type: 'points', points: 5 } } }] },
    });
    expect(res.status).toBe(200);
    const entries = await entriesOf(campaignId);
    expect(entries.map((e) => e.action)).toEqual(['campaign.created', 'campaign.updated']);
    const updated = entries[1];
    expect(updated).toMatchObject({ actor: prefixOf(key), actor_type: 'api_key', ip: '203.0.113.9', request_id: res.headers.get('x-request-id') });
    expect(updated?.before).toMatchObject({ landing_url: 'https://shop.example.com/', budget: null, rules: [] });
    expect(updated?.after).toMatchObject({ landing_url: 'https://shop.example.com/new', budget: { amount: 10_000, currency: 'USD' }, rules: [{ id: 'r1' }] });
    expect(updated?.after?.rules_version).toBe((updated?.before?.rules_version as number) + 1);
  });

  it('records key creation, rotation and revocation, never the key itself', async () => {
    const created = await call('POST', '/v1/api-keys', { key: adminKey, body: { name: 'Audited key' } });
    const rotated = await call('POST', `/v1/api-keys/${created.json.id}/rotate`, { key: adminKey, body: {} });
    expect(rotated.status).toBe(201);
    expect((await call('DELETE', `/v1/api-keys/${created.json.id}`, { key: adminKey })).status).toBe(200);
    expect((await call('DELETE', `/v1/api-keys/${created.json.id}`, { key: adminKey })).status).toBe(200);
    const entries = await entriesOf(created.json.id);
    expect(entries.map((e) => e.action)).toEqual(['api_key.created', 'api_key.rotated', 'api_key.revoked']);
    expect(entries.every((e) => e.actor === prefixOf(adminKey))).toBe(true);
    expect(entries[2]?.after).toMatchObject({ status: 'revoked' });
    const stored = await env.DB.prepare('SELECT before, after FROM audit_log').all();
    expect(JSON.stringify(stored.results)).not.toContain(created.json.key);
    expect(JSON.stringify(stored.results)).not.toContain(rotated.json.key);
  });

  it('records webhook endpoint changes without their secrets, and the environment', async () => {
    const created = await call('POST', '/v1/webhook-endpoints', { key: adminKey, body: { url: 'https://hooks.example.com/in', events: ['*'] } });
    expect(created.status).toBe(201);
    await call('PATCH', `/v1/webhook-endpoints/${created.json.id}`, { key: adminKey, body: { enabled: false } });
    const rotated = await call('POST', `/v1/webhook-endpoints/${created.json.id}/rotate-secret`, { key: adminKey, body: {} });
    expect((await call('DELETE', `/v1/webhook-endpoints/${created.json.id}`, { key: adminKey })).status).toBe(204);
    const entries = await entriesOf(created.json.id);
    expect(entries.map((e) => e.action)).toEqual(['webhook_endpoint.created', 'webhook_endpoint.updated', 'webhook_endpoint.secret_rotated', 'webhook_endpoint.deleted']);
    expect(entries[1]).toMatchObject({ before: { enabled: true }, after: { enabled: false } });
    expect(entries[3]?.after).toBeNull();
    const all = JSON.stringify((await env.DB.prepare('SELECT before, after FROM audit_log').all()).results);
    expect(all).not.toContain(created.json.secret);
    expect(all).not.toContain(rotated.json.secret);

    expect((await call('PATCH', '/v1/environment', { key: adminKey, body: { fallback_url: 'https://shop.example.com/fallback' } })).status).toBe(200);
    const environmentId = (await call('GET', '/v1/environment', { key })).json.id;
    const rotated2 = await call('POST', '/v1/inbound-hook/rotate', { key: adminKey, body: {} });
    expect(rotated2.status).toBe(201);
    const [env1, hook] = await entriesOf(environmentId);
    expect(env1).toMatchObject({ action: 'environment.updated', before: { fallback_url: null }, after: { fallback_url: 'https://shop.example.com/fallback' } });
    expect(hook).toMatchObject({ action: 'inbound_hook.rotated', after: { token_prefix: rotated2.json.token_prefix } });
    expect(JSON.stringify(hook)).not.toContain(rotated2.json.token);
  });

  it('records a voucher pool’s creation with its value, and nothing for a refused one', async () => {
    const created = await call('POST', '/v1/voucher-pools', { key, body: { name: 'Ten off', currency: 'EUR', value: 1000 } });
    expect(created.status).toBe(201);
    const [entry, ...rest] = await entriesOf(created.json.id);
    expect(rest).toEqual([]);
    expect(entry).toMatchObject({ action: 'voucher_pool.created', actor: prefixOf(key), before: null, after: { id: created.json.id, name: 'Ten off', currency: 'EUR', value: 1000 } });
    const before = await auditRows();
    expectProblem(await call('POST', '/v1/voucher-pools', { key, body: { name: 'Nowhere', campaign_id: 'cmp_missing' } }), 422);
    expect(await auditRows()).toBe(before);
  });

  it('records hand-issued rewards and each approve, pay and cancel, once, with before and after', async () => {
    const { referrerId } = await campaignWithReferrer(key, 'aud4', []);
    const issued = await call('POST', '/v1/rewards', { key, body: { user_id: referrerId, type: 'cash', amount: 700, currency: 'usd', status: 'pending' } });
    expect(issued.status).toBe(201);
    expect((await call('POST', `/v1/rewards/${issued.json.id}/approve`, { key })).status).toBe(200);
    expect((await call('POST', `/v1/rewards/${issued.json.id}/pay`, { key, body: { payout_reference: 'PO-1' } })).status).toBe(200);
    // A refused transition changes nothing and records nothing.
    const before = await auditRows();
    expectProblem(await call('POST', `/v1/rewards/${issued.json.id}/cancel`, { key }), 409);
    expect(await auditRows()).toBe(before);
    const entries = await entriesOf(issued.json.id);
    expect(entries.map((e) => e.action)).toEqual(['reward.issued', 'reward.approved', 'reward.paid']);
    expect(entries[1]).toMatchObject({ before: { status: 'pending' }, after: { status: 'approved' } });
    expect(entries[2]).toMatchObject({ before: { status: 'approved', payout_reference: null }, after: { status: 'paid', payout_reference: 'PO-1' } });

    const other = await call('POST', '/v1/rewards', { key, body: { user_id: referrerId, type: 'points', points: 3, status: 'pending' } });
    const bulk = await call('POST', '/v1/rewards/bulk', { key, body: { action: 'cancel', ids: [other.json.id, issued.json.id] } });
    expect(bulk.status).toBe(200);
    expect((await entriesOf(other.json.id)).map((e) => e.action)).toEqual(['reward.issued', 'reward.cancelled']);
    expect((await entriesOf(issued.json.id)).length).toBe(3);
  });

  it('records a change once when concurrent requests race for it: one revocation, one payment', async () => {
    const created = await call('POST', '/v1/api-keys', { key: adminKey, body: { name: 'Raced key' } });
    const revokes = await Promise.all(Array.from({ length: 5 }, () => call('DELETE', `/v1/api-keys/${created.json.id}`, { key: adminKey })));
    expect(revokes.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect(new Set(revokes.map((r) => r.json.revoked_at)).size).toBe(1);
    expect((await entriesOf(created.json.id)).map((e) => e.action)).toEqual(['api_key.created', 'api_key.revoked']);

    const { referrerId } = await campaignWithReferrer(key, 'aud-race', []);
    const reward = await call('POST', '/v1/rewards', { key, body: { user_id: referrerId, type: 'cash', amount: 900, currency: 'USD' } });
    const pays = await Promise.all(Array.from({ length: 5 }, (_, i) => call('POST', `/v1/rewards/${reward.json.id}/pay`, { key, body: { payout_reference: `race-${i}` } })));
    expect(pays.filter((r) => r.status === 200)).toHaveLength(1);
    const entries = await entriesOf(reward.json.id);
    expect(entries.map((e) => e.action)).toEqual(['reward.issued', 'reward.paid']);
    expect(entries[1]?.after?.payout_reference).toBe(pays.find((r) => r.status === 200)?.json.payout_reference);
  });

  it('pages through several hundred entries at its largest page, each once, newest first', async () => {
    const environmentId = (await call('GET', '/v1/environment', { key })).json.id as string;
    const n = 612;
    const rows = Array.from({ length: n }, (_, i) =>
      env.DB.prepare("INSERT INTO audit_log (id, environment_id, action, target_type, target_id, actor_type, actor_id, actor, before, after, created_at) VALUES (?, ?, 'campaign.updated', 'campaign', 'cmp_volume', 'api_key', 'key_x', 'rk_test_vol', '{}', '{}', ?)")
        .bind(`aud_volume_${String(i).padStart(4, '0')}`, environmentId, new Date(Date.UTC(2025, 0, 1) + i * 1000).toISOString()),
    );
    for (let i = 0; i < rows.length; i += 300) await env.DB.batch(rows.slice(i, i + 300));
    const seen: string[] = [];
    for (let page = 1; page <= 3; page++) {
      const res = await call('GET', `/v1/audit-log?filters[0][field]=target_id&filters[0][operator]=equal&filters[0][value]=cmp_volume&per_page=250&page=${page}`, { key: adminKey });
      expect(res.status).toBe(200);
      expect(res.json.data.length).toBe(page < 3 ? 250 : n - 500);
      seen.push(...res.json.data.map((e: { id: string }) => e.id));
    }
    expect(new Set(seen).size).toBe(n);
    expect(seen[0]).toBe(`aud_volume_${String(n - 1).padStart(4, "0")}`);
    expect(seen[n - 1]).toBe('aud_volume_0000');
  });

  it('is for admins: a standard key gets a 403', async () => {
    expectProblem(await call('GET', '/v1/audit-log', { key }), 403);
  });

  it('rejects an unknown filter field with a 400 naming it', async () => {
    const res = expectProblem(await call('GET', '/v1/audit-log?filters[0][field]=secret&filters[0][operator]=equal&filters[0][value]=x', { key: adminKey }), 400);
    expect(res.errors?.[0]?.field).toContain('filters[0]');
  });
});
