import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { call, expectProblem, ORIGIN, standardKey, workspace } from '../helpers';

let key: string;
let campaignId: string;

beforeAll(async () => {
  const ws = await workspace();
  key = await standardKey(ws.test.adminKey);
  campaignId = ws.test.campaignId;
});

const createUser = (body: Record<string, unknown>) => call('POST', '/v1/users', { key, body });
const countUsers = async () => (await env.DB.prepare('SELECT count(*) AS n FROM users').first<{ n: number }>())?.n;

describe('POST /v1/users', () => {
  it('enrols a referrer with a branded code and share links', async () => {
    const res = await createUser({ external_id: 'cust_123', email: 'jane@example.com', name: 'Jane Doe' });
    expect(res.status).toBe(201);
    expect(res.json.referral_code).toMatch(/^JANE-[0-9A-HJKMNP-TV-Z]{6}$/);
    expect(res.json.share_url).toBe(`${ORIGIN}/r/${res.json.referral_code}`);
    expect(res.json.direct_url).toBe(`https://shop.example.com/?r=${res.json.referral_code}`);
    expect(res.json.sharing.map((s: { channel: string }) => s.channel)).toEqual(['email', 'sms', 'whatsapp', 'facebook', 'x', 'linkedin']);
    expect(res.json.sharing[2].url).toContain(encodeURIComponent(res.json.share_url));
    expect(res.json).toMatchObject({ external_id: 'cust_123', email: 'jane@example.com', name: 'Jane Doe', object: 'user', campaign_id: campaignId, source: 'api' });
  });

  it('returns the existing referrer with 200 when the external id repeats, never a second code', async () => {
    const first = await createUser({ external_id: 'repeat', name: 'Rita' });
    const second = await createUser({ external_id: 'repeat', name: 'Someone Else' });
    expect(first.status).toBe(201);
    expect(second.status).toBe(200);
    expect(second.json.id).toBe(first.json.id);
    expect(second.json.referral_code).toBe(first.json.referral_code);
    expect(second.json.name).toBe('Rita');
  });

  it('creates exactly one referrer when the same external id arrives 50 times at once', async () => {
    const before = await countUsers();
    const results = await Promise.all(Array.from({ length: 50 }, () => createUser({ external_id: 'race', name: 'Rae' })));
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(results.filter((r) => r.status === 200)).toHaveLength(49);
    expect(new Set(results.map((r) => r.json.referral_code)).size).toBe(1);
    expect(await countUsers()).toBe((before ?? 0) + 1);
  });

  it('gives 100 referrers of the same name, enrolled at once, 100 distinct codes', async () => {
    const results = await Promise.all(Array.from({ length: 100 }, (_, i) => createUser({ external_id: `same-name-${i}`, name: 'Sam Smith' })));
    expect(results.every((r) => r.status === 201)).toBe(true);
    expect(new Set(results.map((r) => r.json.referral_code)).size).toBe(100);
  });

  it('never gives a drawn code twice: a collision fails the insert, keeps the holder\'s reservation, and mints another', async () => {
    // Every code suffix drawn (a short byte array; ids draw more) comes out the same.
    const real = crypto.getRandomValues.bind(crypto);
    const spy = vi.spyOn(crypto, 'getRandomValues').mockImplementation(((array: Uint8Array) => (array instanceof Uint8Array && array.length <= 24 ? array.fill(0) : real(array))) as typeof crypto.getRandomValues);
    try {
      const first = await createUser({ external_id: 'collide-1', name: 'Zed' });
      const second = await createUser({ external_id: 'collide-2', name: 'Zed' });
      expect(first.status).toBe(201);
      expect(second.status).toBe(201);
      expect(first.json.referral_code).toBe('ZED-000000');
      // The second draw was the same code: D1's index refused it and the object minted past it.
      expect(second.json.referral_code).toBe('ZED-0000000');
      const rows = await env.DB.prepare("SELECT external_id FROM users WHERE referral_code IN ('ZED-000000', 'ZED-0000000') ORDER BY referral_code").all<{ external_id: string }>();
      expect(rows.results.map((r) => r.external_id)).toEqual(['collide-1', 'collide-2']);
    } finally {
      spy.mockRestore();
    }
    // The loser did not release the winner's code: the campaign object still holds both.
    const stub = env.CAMPAIGN.getByName(campaignId);
    expect(await stub.claim('ZED-000000')).toBe(false);
    expect(await stub.claim('ZED-0000000')).toBe(false);
  });

  it('uses a safe fallback prefix when there is no name', async () => {
    const res = await createUser({ external_id: 'nameless' });
    expect(res.json.referral_code).toMatch(/^REF-[0-9A-HJKMNP-TV-Z]{6}$/);
  });

  it('accepts a vanity code, stored in upper case', async () => {
    const res = await createUser({ external_id: 'vain', name: 'Val', code: 'val-vip' });
    expect(res.status).toBe(201);
    expect(res.json.referral_code).toBe('VAL-VIP');
  });

  it('refuses a vanity code that is taken, whatever its case, and creates nothing', async () => {
    await createUser({ external_id: 'owner', code: 'TAKEN1' });
    const before = await countUsers();
    const res = await createUser({ external_id: 'latecomer', code: 'taken1' });
    expect(expectProblem(res, 409).type).toMatch(/code-taken$/);
    expect(await countUsers()).toBe(before);
  });

  it('refuses a vanity code held by another campaign of the environment', async () => {
    const other = await call('POST', '/v1/campaigns', { key, body: { name: 'Other' } });
    await createUser({ external_id: 'in-other', campaign_id: other.json.id, code: 'SHARED-CODE' });
    const res = await createUser({ external_id: 'in-default', code: 'SHARED-CODE' });
    expectProblem(res, 409);
  });

  it('lets one of 20 concurrent requests for the same vanity code win', async () => {
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => createUser({ external_id: `vanity-race-${i}`, code: 'WINNER' })));
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(results.filter((r) => r.status === 409)).toHaveLength(19);
  });

  it('links a referred user to the referrer named by referred_by, case-insensitively', async () => {
    const referrer = await createUser({ external_id: 'mark', name: 'Mark' });
    const res = await createUser({ external_id: 'friend', name: 'Fran', referred_by: referrer.json.referral_code.toLowerCase() });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ referrer_id: referrer.json.id, referred_by: referrer.json.referral_code, source: 'referred' });
  });

  it('reports an unknown referred_by code as 422 naming the field', async () => {
    const res = await createUser({ external_id: 'orphan', referred_by: 'NOPE-000000' });
    expect(expectProblem(res, 422).errors).toEqual([expect.objectContaining({ field: 'referred_by' })]);
  });

  it('enrols into a chosen campaign with its code format', async () => {
    const campaign = await call('POST', '/v1/campaigns', {
      key,
      body: { name: 'Branded', landing_url: 'https://brand.example.com/join?src=share#top', code_format: { prefix_source: 'fixed', fixed_prefix: 'acme', suffix_length: 8 } },
    });
    const res = await createUser({ external_id: 'branded', name: 'Bea', campaign_id: campaign.json.id });
    expect(res.json.referral_code).toMatch(/^ACME-[0-9A-HJKMNP-TV-Z]{8}$/);
    expect(res.json.share_url).toBe(`${ORIGIN}/r/${res.json.referral_code}`);
    expect(res.json.direct_url).toBe(`https://brand.example.com/join?src=share&r=${res.json.referral_code}#top`);
  });

  it('refuses an unknown campaign with 422', async () => {
    expectProblem(await createUser({ external_id: 'lost', campaign_id: 'cmp_missing' }), 422);
  });

  it('refuses enrolment into an ended campaign with 409', async () => {
    const campaign = await call('POST', '/v1/campaigns', { key, body: { name: 'Over', status: 'ended' } });
    expectProblem(await createUser({ external_id: 'too-late', campaign_id: campaign.json.id }), 409);
  });
});

describe('GET, PATCH and DELETE /v1/users/{id}', () => {
  it('finds a user by id and by external id', async () => {
    const created = await createUser({ external_id: 'ext-42', name: 'Finn' });
    const byId = await call('GET', `/v1/users/${created.json.id}`, { key });
    const byExternal = await call('GET', '/v1/users/ext-42', { key });
    expect(byId.json).toEqual(created.json);
    expect(byExternal.json).toEqual(created.json);
  });

  it('embeds the campaign and the referrer on request', async () => {
    const referrer = await createUser({ external_id: 'emb-ref', name: 'Emma' });
    const referred = await createUser({ external_id: 'emb-user', referred_by: referrer.json.referral_code });
    const res = await call('GET', `/v1/users/${referred.json.id}?with=campaign,referrer`, { key });
    expect(res.json.campaign).toMatchObject({ id: campaignId, object: 'campaign' });
    expect(res.json.referrer).toMatchObject({ id: referrer.json.id, referral_code: referrer.json.referral_code });
  });

  it('updates email, name and metadata, keeping the code', async () => {
    const created = await createUser({ external_id: 'patch-me', name: 'Pat' });
    const res = await call('PATCH', '/v1/users/patch-me', { key, body: { email: 'pat@example.com', name: 'Patricia', metadata: { plan: 'pro' } } });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ email: 'pat@example.com', name: 'Patricia', metadata: { plan: 'pro' }, referral_code: created.json.referral_code });
  });

  it('erases personal data on delete, keeps the row, and frees the external id', async () => {
    const created = await createUser({ external_id: 'forget-me', email: 'gone@example.com', name: 'Gone' });
    expect((await call('DELETE', '/v1/users/forget-me', { key })).status).toBe(204);
    expect((await call('GET', `/v1/users/${created.json.id}`, { key })).status).toBe(404);
    const row = await env.DB.prepare('SELECT external_id, email, name, deleted_at, referral_code FROM users WHERE id = ?').bind(created.json.id).first();
    expect(row).toMatchObject({ external_id: null, email: null, name: null, referral_code: created.json.referral_code });
    expect(row?.deleted_at).toBeTruthy();
    const again = await createUser({ external_id: 'forget-me' });
    expect(again.status).toBe(201);
    expect(again.json.id).not.toBe(created.json.id);
  });

  it('answers 404 in the problem shape for an unknown user on every method', async () => {
    expectProblem(await call('GET', '/v1/users/usr_nobody', { key }), 404);
    expectProblem(await call('PATCH', '/v1/users/usr_nobody', { key, body: { name: 'X' } }), 404);
    expectProblem(await call('DELETE', '/v1/users/usr_nobody', { key }), 404);
  });
});
