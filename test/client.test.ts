import { exports } from 'cloudflare:workers';
import createClient from 'openapi-fetch';
import { beforeAll, describe, expect, it } from 'vitest';
import type { paths } from '../dashboard/src/lib/api/schema';
import { ORIGIN, standardKey, workspace } from './helpers';

/**
 * The client the dashboard uses (openapi-fetch over the types generated from the OpenAPI
 * document by scripts/openapi.mjs), used the way a developer's server would: base URL, API key,
 * typed calls, typed errors. Only its transport is swapped for the Worker's fetch handler.
 */
function client(key: string) {
  return createClient<paths>({
    baseUrl: ORIGIN,
    headers: key ? { 'X-API-Key': key } : {},
    fetch: (request) => exports.default.fetch(request),
  });
}

let api: ReturnType<typeof client>;

beforeAll(async () => {
  const ws = await workspace('Client');
  api = client(await standardKey(ws.test.adminKey));
});

describe('generated TypeScript client', () => {
  it('runs a referral programme end to end', async () => {
    const { data: campaign } = await api.POST('/v1/campaigns', { body: { name: 'Client campaign', status: 'live' } });
    if (!campaign) throw new Error('campaign not created');
    const { data: updated } = await api.PATCH('/v1/campaigns/{id}', {
      params: { path: { id: campaign.id } },
      body: { rules: [{ id: 'signup', trigger: 'signup', recipients: { referrer: { type: 'cash', amount: 500, currency: 'USD' } } }] },
    });
    expect(updated?.rules_version).toBe(campaign.rules_version + 1);

    const { data: jane } = await api.POST('/v1/users', { body: { external_id: 'cust_client_1', name: 'Jane', email: 'jane@example.com', campaign_id: campaign.id } });
    expect(jane?.referral_code).toMatch(/^JANE-/);

    const { data: referral, response } = await api.POST('/v1/referrals', { body: { code: jane?.referral_code ?? '', type: 'signup', referee: { external_id: 'cust_client_2' } } });
    expect(response.status).toBe(201);
    expect(referral?.status).toBe('qualified');
    expect(referral?.rewards.map((r) => [r.amount, r.currency])).toEqual([[500, 'USD']]);

    const { data: fetched } = await api.GET('/v1/users/{id}', { params: { path: { id: 'cust_client_1' } } });
    expect(fetched?.id).toBe(jane?.id);
    const { data: page } = await api.GET('/v1/referrals', { params: { query: { per_page: '10' } } });
    expect(page?.data.map((r) => r.id)).toContain(referral?.id);
  });

  it('surfaces errors as typed problem documents', async () => {
    const missing = await api.GET('/v1/users/{id}', { params: { path: { id: 'cust_nobody' } } });
    expect(missing.response.status).toBe(404);
    expect(missing.error?.type).toBe('https://referrio.dev/problems/not-found');

    const invalid = await api.POST('/v1/users', { body: { external_id: '' } });
    expect(invalid.response.status).toBe(400);
    expect(invalid.error?.errors?.map((e) => e.field)).toEqual(['external_id']);
  });

  it('is refused without a key', async () => {
    const anonymous = client('');
    expect((await anonymous.GET('/v1/users')).response.status).toBe(401);
  });
});
