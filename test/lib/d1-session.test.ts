import { describe, expect, it } from 'vitest';
import { call, standardKey, workspace } from '../helpers';

/** D1 read replication (lib/d1-session.ts): answers carry the session's bookmark, and a client sending it reads its writes. */
describe('D1 session bookmarks', () => {
  it('hands out a bookmark on a write and reads the write back when it is sent', async () => {
    const ws = await workspace();
    const key = await standardKey(ws.test.adminKey);
    const created = await call('POST', '/v1/users', { key, body: { external_id: 'bookmarked' } });
    expect(created.status).toBe(201);
    const bookmark = created.headers.get('referrio-bookmark');
    expect(bookmark).toBeTruthy();
    const read = await call('GET', '/v1/users/bookmarked', { key, headers: { 'referrio-bookmark': bookmark as string } });
    expect(read.status).toBe(200);
    expect(read.json.id).toBe(created.json.id);
    expect((read.headers.get('referrio-bookmark') ?? '') >= (bookmark as string)).toBe(true);
  });

  it('ignores a malformed bookmark instead of passing it to D1', async () => {
    const ws = await workspace();
    const key = await standardKey(ws.test.adminKey);
    expect((await call('GET', '/v1/users', { key, headers: { 'referrio-bookmark': 'not a bookmark' } })).status).toBe(200);
  });
});
