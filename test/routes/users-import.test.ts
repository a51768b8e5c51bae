import { describe, expect, it } from 'vitest';
import { MAX_IMPORT_ROWS } from '../../worker/routes/users/users.schemas';
import { call, expectProblem, workspace } from '../helpers';

const long = 'x'.repeat(300);

describe('POST /v1/users/import', () => {
  it('creates valid rows, rejects bad ones with field errors and reports repeats as existing', async () => {
    const ws = await workspace();
    const rows = [
      { external_id: 'imp_1', email: 'one@example.com', name: '  Padded Name  ' },
      { external_id: 'imp_2', email: 'not-an-email', name: 'Bad Email' },
      { external_id: '', email: 'noid@example.com', name: 'No Id' },
      { external_id: 'imp_3', email: '', name: long },
      { external_id: 'imp_1', email: 'one@example.com', name: 'Padded Name' },
      { external_id: 'imp_4', email: '', name: '=HYPERLINK("x")', referred_by: '' },
    ];
    const res = await call('POST', '/v1/users/import', { key: ws.test.adminKey, body: { rows } });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ created: 2, existing: 1, rejected: 3 });
    expect(res.json.results.map((r: { status: string }) => r.status)).toEqual(['created', 'rejected', 'rejected', 'rejected', 'existing', 'created']);
    expect(res.json.results[1].errors.map((e: { field: string }) => e.field)).toEqual(['email']);
    expect(res.json.results[2].errors.map((e: { field: string }) => e.field)).toEqual(['external_id']);
    expect(res.json.results[3].errors.map((e: { field: string }) => e.field)).toEqual(['name']);
    expect(res.json.results[4].id).toBe(res.json.results[0].id);

    const user = await call('GET', '/v1/users/imp_1', { key: ws.test.adminKey });
    expect(user.json).toMatchObject({ name: 'Padded Name', source: 'import' });
    expect((await call('GET', '/v1/users/imp_4', { key: ws.test.adminKey })).json.name).toBe('=HYPERLINK("x")');
  });

  it('creates nothing twice when the same rows are sent again', async () => {
    const ws = await workspace();
    const rows = [{ external_id: 'again_1' }, { external_id: 'again_2' }];
    const first = await call('POST', '/v1/users/import', { key: ws.test.adminKey, body: { rows } });
    const res = await call('POST', '/v1/users/import', { key: ws.test.adminKey, body: { rows } });
    expect(res.json).toMatchObject({ created: 0, existing: 2, rejected: 0 });
    const pick = (r: { json: { results: { id: string; referral_code: string }[] } }) => r.json.results.map(({ id, referral_code }) => ({ id, referral_code }));
    expect(pick(res)).toEqual(pick(first));
    expect((await call('GET', '/v1/users', { key: ws.test.adminKey })).json.meta.total).toBe(2);
  });

  it('rejects an unknown referrer code per row', async () => {
    const ws = await workspace();
    const res = await call('POST', '/v1/users/import', { key: ws.test.adminKey, body: { rows: [{ external_id: 'r1', referred_by: 'NOPE-123456' }] } });
    expect(res.json.results[0]).toMatchObject({ status: 'rejected', errors: [{ field: 'referred_by' }] });
  });

  it('refuses more than MAX_IMPORT_ROWS rows in one call', async () => {
    const ws = await workspace();
    const rows = Array.from({ length: MAX_IMPORT_ROWS + 1 }, (_, i) => ({ external_id: `big_${i}` }));
    expect(expectProblem(await call('POST', '/v1/users/import', { key: ws.test.adminKey, body: { rows } }), 400).errors?.[0]?.field).toBe('rows');
  });
});

describe('POST /v1/users/import, more', () => {
  it('links rows to referrers by code and counts a repeat inside one call once', async () => {
    const ws = await workspace();
    const referrer = await call('POST', '/v1/users', { key: ws.test.adminKey, body: { external_id: 'ref_1', name: 'Rita' } });
    const rows = [
      { external_id: 'kid_1', name: 'Kim', referred_by: referrer.json.referral_code.toLowerCase() },
      { external_id: 'kid_2', name: 'Kai' },
      { external_id: 'kid_1', name: 'Kim again' },
    ];
    const res = await call('POST', '/v1/users/import', { key: ws.test.adminKey, body: { rows } });
    expect(res.json).toMatchObject({ created: 2, existing: 1, rejected: 0 });
    expect(res.json.results[2].id).toBe(res.json.results[0].id);
    const kid = await call('GET', '/v1/users/kid_1', { key: ws.test.adminKey });
    expect(kid.json).toMatchObject({ name: 'Kim', referred_by: referrer.json.referral_code, source: 'referred' });
    expect(kid.json.referral_code).toMatch(/^KIM-/);
  });

  it('gives every row of a full call a distinct code', async () => {
    const ws = await workspace();
    const rows = Array.from({ length: MAX_IMPORT_ROWS }, (_, i) => ({ external_id: `same_${i}`, name: 'Alex' }));
    const res = await call('POST', '/v1/users/import', { key: ws.test.adminKey, body: { rows } });
    expect(res.json.created).toBe(MAX_IMPORT_ROWS);
    expect(new Set(res.json.results.map((r: { referral_code: string }) => r.referral_code)).size).toBe(MAX_IMPORT_ROWS);
  });

  it('creates exactly once when the same rows are imported by two calls at once', async () => {
    const ws = await workspace();
    const rows = Array.from({ length: 30 }, (_, i) => ({ external_id: `race_${i}` }));
    const [a, b] = await Promise.all([0, 1].map(() => call('POST', '/v1/users/import', { key: ws.test.adminKey, body: { rows } })));
    expect(a?.json.created + b?.json.created).toBe(30);
    expect(a?.json.existing + b?.json.existing).toBe(30);
    expect((await call('GET', '/v1/users', { key: ws.test.adminKey })).json.meta.total).toBe(30);
  });
});
