import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { getDb } from '../../worker/db/client';
import { JSON_ROWS_MAX_BYTES } from '../../worker/db/json-insert';
import { events, ledgerEntries, referrals, rewards } from '../../worker/db/schema';
import type { EventResult } from '../../worker/durable-objects/campaign/campaign-events';
import { burstStatements, project, projectBurst } from '../../worker/durable-objects/campaign/outbox';
import { emptyTables, quotedRows } from '../db/rows';
import { burstResults } from './burst-results';

const db = () => getDb(env);

/** What the projection left in D1: every column of every row; a ledger entry's id is random. */
const state = async (withLedgerIds = false) => ({
  referrals: await quotedRows(referrals, 'id'),
  rewards: await quotedRows(rewards, 'id'),
  events: await quotedRows(events, 'id'),
  ledger: await quotedRows(ledgerEntries, 'reward_id, rowid', withLedgerIds ? [] : ['id']),
});

/** The one-event path, event after event: drizzle's own inserts. */
async function projectEach(results: EventResult[]): Promise<string[]> {
  const ids: string[] = [];
  for (const result of results) ids.push(...(await project(db(), result)).eventIds);
  return ids;
}

const reset = () => emptyTables(referrals, rewards, events, ledgerEntries);

describe('projectBurst', () => {
  it('writes exactly the rows the one-event path writes, ledger entries included', async () => {
    await reset();
    const results = burstResults(80, { seed: 7 });
    const eachIds = await projectEach(results);
    const expected = await state();
    await reset();
    const burstIds = await projectBurst(db(), results);
    expect(await state()).toEqual(expected);
    expect(burstIds).toEqual(eachIds);
    // The comparison saw what it is meant to: values past 2^31, both booleans, entries from the trigger.
    expect(expected.referrals).toHaveLength(80);
    expect(expected.rewards.map((r) => r.amount)).toContain('9007199254740991');
    expect(new Set(expected.rewards.map((r) => r.needs_review))).toEqual(new Set(['0', '1']));
    expect(expected.referrals.map((r) => r.referee_id)).toContain('NULL');
    expect(expected.ledger.length).toBeGreaterThan(10);
  });

  it('writes a burst of 200 events with one statement per table, binding its rows as one value', async () => {
    const results = burstResults(200, { seed: 3, prefix: 'c' });
    const { statements, eventIds } = await burstStatements(results);
    expect(statements).toHaveLength(3);
    const params = statements.map((s) => db().run(s).getQuery().params);
    // The rows travel in the last value; before it, only values every row shares, bound once each.
    expect(params.map((p) => (JSON.parse(p.at(-1) as string) as unknown[]).length)).toEqual([200, results.flatMap((r) => r.rewards).length, eventIds.length]);
    for (const p of params) expect(p.length).toBeLessThan(40);
    await reset();
    await projectBurst(db(), results);
    const written = await state();
    expect(written.referrals).toHaveLength(200);
    expect(written.rewards).toHaveLength(results.flatMap((r) => r.rewards).length);
  });

  it('splits a burst whose rows would not fit one value, and writes every row', async () => {
    const results = burstResults(64, { seed: 5, prefix: 'd', pad: 20_000 });
    const { statements } = await burstStatements(results);
    expect(statements.length).toBeGreaterThan(3);
    for (const s of statements) expect(new TextEncoder().encode(db().run(s).getQuery().params.at(-1) as string).length).toBeLessThanOrEqual(JSON_ROWS_MAX_BYTES);
    await reset();
    await projectEach(results);
    const expected = await state();
    await reset();
    await projectBurst(db(), results);
    expect(await state()).toEqual(expected);
  });

  it('writes nothing new when the same burst runs again', async () => {
    await reset();
    const results = burstResults(70, { seed: 11, prefix: 'e' });
    const first = await projectBurst(db(), results);
    const once = await state(true);
    expect(await projectBurst(db(), results)).toEqual(first);
    expect(await state(true)).toEqual(once);
  });

  it('writes only the missing events of a burst some of whose events D1 already holds', async () => {
    await reset();
    const results = burstResults(66, { seed: 13, prefix: 'f' });
    await projectEach(results);
    const expected = await state();
    await reset();
    await projectEach(results.filter((_, i) => i % 3 === 0));
    await projectBurst(db(), results);
    expect(await state()).toEqual(expected);
  });
});
