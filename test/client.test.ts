import { exports } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { Api, type HttpResponse, type Problem } from '../dashboard/src/lib/api/referrio-client';
import { ORIGIN, standardKey, workspace } from './helpers';

/**
 * The typed client generated from the OpenAPI document (scripts/openapi.mjs), used the way a
 * developer's server would: base URL, API key, typed calls, typed errors. Only its transport
 * is swapped for the Worker's fetch handler.
 */
function client(key: string) {
  const api = new Api<string>({
    baseUrl: ORIGIN,
    customFetch: (input, init) => exports.default.fetch(new Request(input, init)),
    securityWorker: (apiKey) => (apiKey ? { headers: { 'X-API-Key': apiKey } } : {}),
  });
  api.setSecurityData(key);
  return api;
}

/** The client throws the response on a non-2xx answer, with the problem document in `error`. */
async function problemOf(call: Promise<unknown>): Promise<{ status: number; problem: Problem }> {
  try {
    await call;
  } catch (thrown) {
    const res = thrown as HttpResponse<unknown, Problem>;
    return { status: res.status, problem: res.error };
  }
  throw new Error('expected the call to fail');
}

let api: ReturnType<typeof client>;

beforeAll(async () => {
  const ws = await workspace('Client');
  api = client(await standardKey(ws.test.adminKey));
});

describe('generated TypeScript client', () => {
  it('runs a referral programme end to end', async () => {
    const { data: campaign } = await api.v1.createCampaign({ name: 'Client campaign', status: 'live' });
    const { data: updated } = await api.v1.updateCampaign(campaign.id, {
      rules: [{ id: 'signup', trigger: 'signup', recipients: { referrer: { type: 'cash', amount: 500, currency: 'USD' } } }],
    });
    expect(updated.rules_version).toBe(campaign.rules_version + 1);

    const { data: jane } = await api.v1.createUser({ external_id: 'cust_client_1', name: 'Jane', email: 'jane@example.com', campaign_id: campaign.id });
    expect(jane.referral_code).toMatch(/^JANE-/);

    const { data: referral, status } = await api.v1.createReferral({ code: jane.referral_code, type: 'signup', referee: { external_id: 'cust_client_2' } });
    expect(status).toBe(201);
    expect(referral.status).toBe('qualified');
    expect(referral.rewards.map((r) => [r.amount, r.currency])).toEqual([[500, 'USD']]);

    const { data: fetched } = await api.v1.getUser('cust_client_1');
    expect(fetched.id).toBe(jane.id);
    const { data: page } = await api.v1.listReferrals({ per_page: '10' });
    expect(page.data.map((r) => r.id)).toContain(referral.id);
  });

  it('surfaces errors as typed problem documents', async () => {
    const missing = await problemOf(api.v1.getUser('cust_nobody'));
    expect(missing.status).toBe(404);
    expect(missing.problem.type).toBe('https://referrio.dev/problems/not-found');

    const invalid = await problemOf(api.v1.createUser({ external_id: '' }));
    expect(invalid.status).toBe(400);
    expect(invalid.problem.errors?.map((e) => e.field)).toEqual(['external_id']);
  });

  it('is refused without a key', async () => {
    const anonymous = client('');
    expect((await problemOf(anonymous.v1.listUsers())).status).toBe(401);
  });
});
