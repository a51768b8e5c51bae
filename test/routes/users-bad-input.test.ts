import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { call, expectProblem, standardKey, workspace } from '../helpers';

let key: string;

beforeAll(async () => {
  const ws = await workspace();
  key = await standardKey(ws.test.adminKey);
  await call('POST', '/v1/users', { key, body: { external_id: 'existing', name: 'Ed' } });
});

const userCount = async () => (await env.DB.prepare('SELECT count(*) AS n FROM users').first<{ n: number }>())?.n;

describe('bad input to /v1/users changes nothing and names the problem', () => {
  const cases: [string, unknown, string[]][] = [
    ['missing external_id', { name: 'No Id' }, ['external_id']],
    ['empty external_id', { external_id: '   ' }, ['external_id']],
    ['wrong types', { external_id: 42, name: ['x'], metadata: 'text' }, ['external_id', 'name', 'metadata']],
    ['invalid email', { external_id: 'e1', email: 'not-an-email' }, ['email']],
    ['name over 255 characters', { external_id: 'n1', name: 'x'.repeat(300) }, ['name']],
    ['unknown field', { external_id: 'u1', emial: 'typo@example.com' }, ['emial']],
    ['malformed vanity code', { external_id: 'v1', code: 'no spaces!' }, ['code']],
    ['metadata over 16 KB', { external_id: 'm1', metadata: { blob: 'x'.repeat(17_000) } }, ['metadata']],
    ['a JSON array', [{ external_id: 'a1' }], []],
  ];

  for (const [label, body, fields] of cases) {
    it(`rejects ${label} with 400`, async () => {
      const before = await userCount();
      const problem = expectProblem(await call('POST', '/v1/users', { key, body }), 400);
      for (const field of fields) expect(problem.errors?.map((e) => e.field).join(' ')).toContain(field);
      expect(await userCount()).toBe(before);
    });
  }

  it('rejects malformed JSON with 400', async () => {
    const problem = expectProblem(await call('POST', '/v1/users', { key, body: '{"external_id": "x",' }), 400);
    expect(problem.type).toMatch(/malformed-json$/);
  });

  it('rejects a body that is not declared as JSON with 415', async () => {
    expectProblem(await call('POST', '/v1/users', { key, body: 'external_id=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } }), 415);
  });

  it('rejects a missing body with 400', async () => {
    expectProblem(await call('POST', '/v1/users', { key, headers: { 'content-type': 'application/json' } }), 400);
  });

  it('rejects bodies over 1 MB with 413', async () => {
    const before = await userCount();
    expectProblem(await call('POST', '/v1/users', { key, body: { external_id: 'big', metadata: { blob: 'x'.repeat(1_100_000) } } }), 413);
    expect(await userCount()).toBe(before);
  });

  it('rejects bad PATCH fields with 400 and leaves the user as it was', async () => {
    const before = await call('GET', '/v1/users/existing', { key });
    expectProblem(await call('PATCH', '/v1/users/existing', { key, body: { email: 'nope', referral_code: 'HACK' } }), 400);
    expect((await call('GET', '/v1/users/existing', { key })).json).toEqual(before.json);
  });

  it('rejects an unknown relation on GET with 400', async () => {
    expectProblem(await call('GET', '/v1/users/existing?with=wallet', { key }), 400);
  });

  it('answers unknown routes and methods with a 404 problem, not HTML', async () => {
    expectProblem(await call('GET', '/v1/nothing-here', { key }), 404);
    expectProblem(await call('PUT', '/v1/users/existing', { key, body: {} }), 404);
  });

  it('answers a request without a key with 401 before reading the body', async () => {
    expectProblem(await call('POST', '/v1/users', { body: { external_id: 'anon' } }), 401);
  });
});
