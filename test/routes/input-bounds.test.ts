import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { MAX_FILTERS } from '../../worker/lib/list-query';
import { call, expectProblem, standardKey, workspace } from '../helpers';

/** Every JSON field and list parameter has a bound; past it, a 400 in the one error shape, and nothing written. */

let key: string;
let environmentId: string;
let code: string;

beforeAll(async () => {
  const ws = await workspace('Bounds');
  key = await standardKey(ws.test.adminKey);
  environmentId = ws.test.environmentId;
  const referrer = await call('POST', '/v1/users', { key, body: { external_id: 'referrer' } });
  code = referrer.json.referral_code;
});

const rows = async () =>
  (await env.DB.prepare('SELECT (SELECT count(*) FROM users WHERE environment_id = ?1) + (SELECT count(*) FROM referrals WHERE environment_id = ?1) AS n').bind(environmentId).first<{ n: number }>())?.n;

const deep = (depth: number) => JSON.parse(`${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`);
/** A body whose metadata nests arrays 200,000 deep: JSON.stringify of it overflows the stack. */
const veryDeepBody = (prefix: string) => `${prefix.slice(0, -1)},"metadata":{"x":${'['.repeat(200_000)}${']'.repeat(200_000)}}}`;

function expect400(res: Awaited<ReturnType<typeof call>>, field?: string) {
  const problem = expectProblem(res, 400);
  expect(problem.errors?.length).toBeGreaterThan(0);
  if (field) expect(problem.errors?.map((e) => e.field)).toContain(field);
}

describe('metadata is bounded on every write that takes it', () => {
  const writes = [
    ['POST /v1/users', '/v1/users', (metadata: unknown) => ({ external_id: `u-${crypto.randomUUID()}`, metadata })],
    ['POST /v1/referrals', '/v1/referrals', (metadata: unknown) => ({ code, type: 'review', metadata })],
  ] as const;

  it.each(writes)('%s: over 16 KB (UTF-8) is a 400', async (_name, path, body) => {
    const before = await rows();
    expect400(await call('POST', path, { key, body: body({ note: 'é'.repeat(8_200) }) }), 'metadata');
    expect(await rows()).toBe(before);
  });

  it.each(writes)('%s: 11 levels deep is a 400, 10 are fine', async (_name, path, body) => {
    expect400(await call('POST', path, { key, body: body(deep(11)) }), 'metadata');
    expect((await call('POST', path, { key, body: body(deep(10)) })).status).toBe(201);
  });

  it.each(writes)('%s: 200,000 levels deep is a 400, not a 500', async (_name, path, body) => {
    const before = await rows();
    const res = await call('POST', path, { key, body: veryDeepBody(JSON.stringify(body(undefined))) });
    expect400(res);
    expect(await rows()).toBe(before);
  });

  it.each(writes)('%s: more than 100 keys is a 400', async (_name, path, body) => {
    expect400(await call('POST', path, { key, body: body(Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`k${i}`, i]))) }), 'metadata');
  });

  it('keeps __proto__ and constructor as plain keys of the stored metadata', async () => {
    const res = await call('POST', '/v1/users', { key, body: `{"external_id":"proto","metadata":{"__proto__":{"admin":true},"constructor":"x"}}` });
    expect(res.status).toBe(201);
    expect(res.json.metadata).toEqual(JSON.parse('{"__proto__":{"admin":true},"constructor":"x"}'));
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
  });

  it('a rule compares at most 20 metadata keys', async () => {
    const metadata_equals = Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`k${i}`, 'v']));
    const res = await call('POST', '/v1/campaigns', { key, body: { name: 'Rules', rules: [{ id: 'r', trigger: 'sale', conditions: { metadata_equals }, recipients: { referrer: { type: 'points', points: 1 } } }] } });
    expect400(res);
  });
});

describe('list parameters: known names only, bounded counts', () => {
  const lists = ['/v1/users', '/v1/referrals', '/v1/rewards', '/v1/campaigns', '/v1/events', '/v1/voucher-pools'];

  it.each(lists)('%s: JavaScript property names are not fields, columns or relations', async (path) => {
    for (const query of ['order[field]=constructor', 'order[field]=__proto__', 'filters[0][field]=constructor&filters[0][value]=x', 'filters[0][field]=__proto__&filters[0][value]=x', 'fields=constructor', 'with=__proto__', 'filters[0][field]=toString&filters[0][value]=x']) {
      const res = await call('GET', `${path}?${query}`, { key });
      expect(res.status, `${path}?${query}: ${res.text.slice(0, 200)}`).toBe(400);
      expect400(res);
    }
  });

  it.each(lists)(`%s: ${MAX_FILTERS} filters are fine, ${MAX_FILTERS + 1} are a 400`, async (path) => {
    const filters = (n: number) => Array.from({ length: n }, (_, i) => `filters[${i}][field]=created_at&filters[${i}][operator]=gte&filters[${i}][value]=2000-01-01`).join('&');
    expect((await call('GET', `${path}?${filters(MAX_FILTERS)}`, { key })).status).toBe(200);
    expect400(await call('GET', `${path}?${filters(MAX_FILTERS + 1)}`, { key }), 'filters');
  });

  it('hundreds of filters, a huge filter value and hundreds of parameters are 400s', async () => {
    const many = Array.from({ length: 300 }, (_, i) => `filters[${i}][field]=email&filters[${i}][value]=a`).join('&');
    expect400(await call('GET', `/v1/users?${many}`, { key }));
    expect400(await call('GET', `/v1/users?filters[0][field]=email&filters[0][value]=${'a'.repeat(1025)}`, { key }), 'filters[0][value]');
    expect400(await call('GET', `/v1/users?${Array.from({ length: 81 }, () => 'page=1').join('&')}`, { key }));
  });
});
