import { runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { UNIQUE_WINDOW_MS, utcDay } from '../../worker/domain/visitor';
import { workspace } from '../helpers';

let environmentId: string;
let campaignId: string;
let userSeq = 0;

beforeAll(async () => {
  const ws = await workspace('Aggregator');
  environmentId = ws.test.environmentId;
  campaignId = ws.test.campaignId;
});

/** A referrer row in D1 and the aggregator object its clicks go to in this test. */
async function setup() {
  const userId = `usr_agg${++userSeq}`;
  await env.DB.prepare(
    "INSERT INTO users (id, environment_id, campaign_id, referral_code, metadata, source) VALUES (?, ?, ?, ?, '{}', 'api')",
  )
    .bind(userId, environmentId, campaignId, `AGG-${userSeq}`)
    .run();
  const stub = env.CLICKS.getByName(`test-${userId}`);
  const click = (visitor: string | null, at = Date.now()) => stub.record({ environmentId, campaignId, userId, visitor, at });
  const d1 = async () => {
    const user = await env.DB.prepare('SELECT visits, unique_visits FROM users WHERE id = ?').bind(userId).first<{ visits: number; unique_visits: number }>();
    const days = await env.DB.prepare('SELECT day, visits, unique_visits FROM visit_days WHERE user_id = ? ORDER BY day').bind(userId).all();
    return { user, days: days.results };
  };
  return { userId, stub, click, d1 };
}

describe('ClickAggregator', () => {
  it('writes nothing to D1 until its alarm runs, then the totals in one go', async () => {
    const { click, stub, d1 } = await setup();
    await click('a');
    await click('b');
    expect((await d1()).user).toEqual({ visits: 0, unique_visits: 0 });
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    expect(await d1()).toEqual({ user: { visits: 2, unique_visits: 2 }, days: [{ day: utcDay(Date.now()), visits: 2, unique_visits: 2 }] });
  });

  it('writes the same totals again, not double, when a flush is replayed after D1 committed', async () => {
    const { click, stub, d1 } = await setup();
    await click('a');
    await click('b');
    await stub.flush();
    // As if the object had stopped between D1's commit and marking its rows written.
    await runInDurableObject(stub, (_o, state) => state.storage.sql.exec('UPDATE days SET flushed_version = 0'));
    expect(await stub.flush()).toBe(1);
    expect((await d1()).user).toEqual({ visits: 2, unique_visits: 2 });
  });

  it('counts a visitor as unique once per window, and again after it', async () => {
    const { click, stub, d1 } = await setup();
    const t0 = Date.now() - UNIQUE_WINDOW_MS * 2;
    expect(await click('same', t0)).toEqual({ unique: true });
    expect(await click('same', t0 + UNIQUE_WINDOW_MS - 1)).toEqual({ unique: false });
    expect(await click('same', t0 + UNIQUE_WINDOW_MS)).toEqual({ unique: true });
    await stub.flush();
    expect((await d1()).user).toEqual({ visits: 3, unique_visits: 2 });
  });

  it('counts every click without a visitor id as unique', async () => {
    const { click } = await setup();
    expect([await click(null), await click(null)]).toEqual([{ unique: true }, { unique: true }]);
  });

  it('loses no click recorded while a flush is writing to D1', async () => {
    const { click, stub, d1 } = await setup();
    await Promise.all(Array.from({ length: 200 }, (_, i) => click(`v${i % 50}`)));
    const during = Promise.all([stub.flush(), ...Array.from({ length: 300 }, (_, i) => click(`w${i % 25}`)), stub.flush()]);
    await during;
    await stub.flush();
    expect((await d1()).user).toEqual({ visits: 500, unique_visits: 75 });
  });

  it('counts a batch once, however often it is delivered', async () => {
    const { userId, stub, d1 } = await setup();
    const batch = ['a', 'b', 'c'].map((visitor) => ({ environmentId, campaignId, userId, visitor, at: Date.now() }));
    await stub.recordBatch('batch-1', batch);
    await stub.recordBatch('batch-1', batch);
    await stub.flush();
    expect((await d1()).user).toEqual({ visits: 3, unique_visits: 3 });
  });

  it('counts a visitor repeated inside a batch, or already seen, as one unique visit', async () => {
    const { userId, stub, click, d1 } = await setup();
    await click('seen-before');
    const at = Date.now();
    const batch = ['x', 'x', 'seen-before', null, 'y', 'x'].map((visitor) => ({ environmentId, campaignId, userId, visitor, at }));
    await stub.recordBatch('batch-2', batch);
    await stub.flush();
    expect((await d1()).user).toEqual({ visits: 7, unique_visits: 4 });
  });

  it('counts a batch entry of many clicks by one visitor as that many visits and at most one unique', async () => {
    const { userId, stub, click, d1 } = await setup();
    await click('seen-before');
    const at = Date.now();
    await stub.recordBatch('batch-3', [
      { environmentId, campaignId, userId, visitor: 'new', at, clicks: 40 },
      { environmentId, campaignId, userId, visitor: 'seen-before', at, clicks: 9 },
      { environmentId, campaignId, userId, visitor: null, at, clicks: 3 },
    ]);
    await stub.flush();
    expect((await d1()).user).toEqual({ visits: 53, unique_visits: 5 });
  });

  it('applies the unique window across batches', async () => {
    const { userId, stub, d1 } = await setup();
    const t0 = Date.now() - UNIQUE_WINDOW_MS * 2;
    const entry = (at: number, visitor = 'v') => ({ environmentId, campaignId, userId, visitor, at, clicks: 2 });
    await stub.recordBatch('window-1', [entry(t0), entry(t0, 'w')]);
    await stub.recordBatch('window-2', [entry(t0 + UNIQUE_WINDOW_MS - 1), entry(t0 + 1, 'w')]);
    await stub.recordBatch('window-3', [entry(t0 + UNIQUE_WINDOW_MS)]);
    await stub.flush();
    expect((await d1()).user).toEqual({ visits: 10, unique_visits: 3 });
  });

  it('keeps days apart', async () => {
    const { click, stub, d1 } = await setup();
    const today = Date.now();
    const yesterday = today - 24 * 60 * 60 * 1000;
    await click('a', yesterday);
    await click('a', today);
    await click('b', today);
    await stub.flush();
    expect((await d1()).days).toEqual([
      { day: utcDay(yesterday), visits: 1, unique_visits: 1 },
      { day: utcDay(today), visits: 2, unique_visits: 2 },
    ]);
  });
});
