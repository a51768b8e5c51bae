import { env } from 'cloudflare:workers';
import { sql } from 'drizzle-orm';
import { customType, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { describe, expect, it } from 'vitest';
import { getDb } from '../../worker/db/client';
import { type InsertRow, jsonInsertStatements } from '../../worker/db/json-insert';
import { ledgerEntries, rewards } from '../../worker/db/schema';
import { emptyTables, quotedRows } from './rows';

const db = () => getDb(env);
const run = async (statements: ReturnType<typeof jsonInsertStatements>) => {
  for (const s of statements) await db().run(s);
};

const reward = (id: string, fields: Partial<InsertRow<typeof rewards>> = {}): InsertRow<typeof rewards> => ({
  id,
  environmentId: 'env_j',
  campaignId: 'cmp_j',
  userId: 'usr_j',
  recipient: 'referrer',
  type: 'cash',
  amount: 1200,
  currency: 'EUR',
  status: 'pending',
  ...fields,
});

/** A text column whose driver value is a number (D1 binds it as REAL: '0.0', not '0'). */
const epochText = customType<{ data: Date; driverData: number }>({
  dataType: () => 'text',
  toDriver: (d) => d.getTime(),
});

/** A text column that passes a boolean through to the driver (D1 binds it as REAL: '1.0'). */
const textOrFlag = customType<{ data: string | boolean; driverData: string | boolean }>({ dataType: () => 'text' });

/** The same `events` table seen through columns with a `$defaultFn`, a number and a boolean in text. */
let nextId = 0;
const eventsWithDefaults = sqliteTable('events', {
  id: text('id')
    .primaryKey()
    .$defaultFn(() => `evt_default_${nextId++}`),
  environmentId: text('environment_id').notNull(),
  type: textOrFlag('type').notNull(),
  data: text('data', { mode: 'json' }).$type<unknown>().notNull(),
  createdAt: epochText('created_at').notNull(),
  dispatchedAt: text('dispatched_at').$defaultFn(() => 'never'),
});

describe('jsonInsertStatements', () => {
  it('gives an absent field what drizzle gives it: SQL defaults, plain defaults, NULL', async () => {
    const rows = [reward('rwd_j1'), reward('rwd_j2', { needsReview: true, note: 'x', amount: 5_000_000_000 }), reward('rwd_j3', { createdAt: '2026-01-01T00:00:00.000Z' })];
    await emptyTables(rewards, ledgerEntries);
    await db().insert(rewards).values(rows[0] as typeof rewards.$inferInsert);
    await db()
      .insert(rewards)
      .values(rows.slice(1) as [typeof rewards.$inferInsert]);
    const skip = ['created_at', 'updated_at'];
    const expected = { rewards: await quotedRows(rewards, 'id', skip), ledger: await quotedRows(ledgerEntries, 'reward_id', ['id', 'created_at']) };
    await emptyTables(rewards, ledgerEntries);
    await run(jsonInsertStatements(rewards, rows));
    expect({ rewards: await quotedRows(rewards, 'id', skip), ledger: await quotedRows(ledgerEntries, 'reward_id', ['id', 'created_at']) }).toEqual(expected);
    const stamps = await env.DB.prepare('SELECT id, created_at, updated_at FROM rewards ORDER BY id').all<Record<string, string>>();
    for (const row of stamps.results) expect(row.updated_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(stamps.results.map((r) => r.created_at)[2]).toBe('2026-01-01T00:00:00.000Z');
    expect(expected.rewards.map((r) => r.needs_review)).toEqual(['0', '1', '0']);
  });

  it('keeps SQL NULL apart from the text "null", and numeric text apart from numbers', async () => {
    await emptyTables(rewards, ledgerEntries);
    await run(jsonInsertStatements(rewards, [reward('rwd_k1', { note: 'null', currency: '42', amount: 42, holdUntil: null, points: 2 ** 53 - 1 })]));
    const row = await env.DB.prepare("SELECT quote(note) n, quote(currency) c, quote(amount) a, quote(hold_until) h, quote(points) p, quote(voucher_code) v FROM rewards WHERE id = 'rwd_k1'").first();
    expect(row).toEqual({ n: "'null'", c: "'42'", a: '42', h: 'NULL', p: '9007199254740991', v: 'NULL' });
  });

  it('runs $defaultFn, and writes a number or a boolean into a text column as drizzle and D1 do', async () => {
    const rows = [
      { environmentId: 'env_t', type: 't.a', data: { a: null, s: 'é "q"' }, createdAt: new Date(1_767_225_600_123) },
      { environmentId: 'env_t', type: true, data: 'just a string', createdAt: new Date(0), dispatchedAt: null },
    ];
    await env.DB.prepare("DELETE FROM events WHERE environment_id = 'env_t'").run();
    nextId = 0;
    await db().insert(eventsWithDefaults).values(rows);
    const expected = await quotedRows(eventsWithDefaults, 'id');
    await env.DB.prepare("DELETE FROM events WHERE environment_id = 'env_t'").run();
    nextId = 0;
    await run(jsonInsertStatements(eventsWithDefaults, rows));
    expect(await quotedRows(eventsWithDefaults, 'id')).toEqual(expected);
    expect(expected.map((r) => [r.dispatched_at, r.created_at, r.type])).toEqual([
      ["'never'", "'1767225600123.0'", "'t.a'"],
      ['NULL', "'0.0'", "'1.0'"],
    ]);
  });

  it("carries a JSON column's object as itself, not as escaped text, and writes the text drizzle writes", async () => {
    const rich = {
      s: 'é "q" \\ back\nline\ttab \u2028 😀 </script>',
      n: [0, -5, 0.1, 1e21, 2 ** 53 - 1, 1.5e-7],
      b: [true, false, null],
      nested: { empty: {}, none: [], deep: [[{ k: 'v' }]] },
      when: new Date(1_767_225_600_123),
    };
    const rows = [
      { id: 'evt_r0', environmentId: 'env_r', type: 't.rich', data: rich, createdAt: new Date(1) },
      { id: 'evt_r1', environmentId: 'env_r', type: 't.array', data: [rich.nested, 'x', 3], createdAt: new Date(2) },
      { id: 'evt_r2', environmentId: 'env_r', type: 't.empty', data: {}, createdAt: new Date(3) },
      { id: 'evt_r3', environmentId: 'env_r', type: 't.string', data: 'a "quoted" string', createdAt: new Date(4) },
      // Not a plain object: written as drizzle writes it, JSON text with its quotes.
      { id: 'evt_r4', environmentId: 'env_r', type: 't.date', data: new Date(5), createdAt: new Date(5) },
    ];
    const clear = () => env.DB.prepare("DELETE FROM events WHERE environment_id = 'env_r'").run();
    const written = async () => (await quotedRows(eventsWithDefaults, 'id')).filter((r) => r.environment_id === "'env_r'");
    await clear();
    await db().insert(eventsWithDefaults).values(rows);
    const expected = await written();
    expect(expected).toHaveLength(5);
    for (const batch of [rows, rows.slice(0, 1)]) {
      await clear();
      const statements = jsonInsertStatements(eventsWithDefaults, batch);
      const { params } = db().run(statements[0] as (typeof statements)[number]).getQuery();
      if (batch.length > 1) {
        // The object is in the rows' JSON as an object: its quotes are not escaped once more.
        const carried = JSON.parse(params.at(-1) as string) as unknown[][];
        expect(carried[0]).toContainEqual(JSON.parse(JSON.stringify(rich)));
      }
      await run(statements);
      expect(await written()).toEqual(expected.slice(0, batch.length));
    }
    const stored = await env.DB.prepare("SELECT data FROM events WHERE id = 'evt_r0'").first<{ data: string }>();
    expect(stored?.data).toBe(JSON.stringify(rich));
  });

  it('starts a new statement where the SQL defaults a row falls back to change, keeping row order', async () => {
    const rows = ['a', 'b', 'c', 'd', 'e'].map((s, i) => reward(`rwd_o${s}`, i % 2 ? {} : { createdAt: '2026-02-02T00:00:00.000Z' }));
    const statements = jsonInsertStatements(rewards, rows.reverse());
    expect(statements).toHaveLength(5);
    await emptyTables(rewards, ledgerEntries);
    await run(statements);
    const { results } = await env.DB.prepare('SELECT id FROM rewards ORDER BY rowid').all<{ id: string }>();
    expect(results.map((r) => r.id)).toEqual(['rwd_oe', 'rwd_od', 'rwd_oc', 'rwd_ob', 'rwd_oa']);
  });

  it('splits rows so that no statement binds more than the given bytes', async () => {
    const rows = Array.from({ length: 40 }, (_, i) => reward(`rwd_s${String(i).padStart(2, '0')}`, { note: `ü${'n'.repeat(100)}`, createdAt: 'now' }));
    const statements = jsonInsertStatements(rewards, rows, 2_000);
    expect(statements.length).toBeGreaterThan(3);
    for (const s of statements) {
      const { params } = db().run(s).getQuery();
      expect(new TextEncoder().encode(params.at(-1) as string).length).toBeLessThanOrEqual(2_000);
    }
    await emptyTables(rewards, ledgerEntries);
    await run(statements);
    const { results } = await env.DB.prepare('SELECT id FROM rewards ORDER BY rowid').all<{ id: string }>();
    expect(results.map((r) => r.id)).toEqual(rows.map((r) => r.id));
    expect(await env.DB.prepare('SELECT count(*) n FROM ledger_entries').first('n')).toBe(40);
  });

  it('binds a value every row shares once, and writes exactly what drizzle writes', async () => {
    const rows = [
      reward('rwd_c1', { note: 'é "q"', needsReview: true, points: 3 }),
      reward('rwd_c2', { note: 'é "q"', needsReview: true, amount: 1300, holdUntil: '2026-03-01T00:00:00.000Z' }),
      reward('rwd_c3', { note: 'é "q"', needsReview: true, userId: 'usr_other' }),
    ];
    await emptyTables(rewards, ledgerEntries);
    await db()
      .insert(rewards)
      .values(rows as [typeof rewards.$inferInsert]);
    const skip = ['created_at', 'updated_at'];
    const expected = { rewards: await quotedRows(rewards, 'id', skip), ledger: await quotedRows(ledgerEntries, 'reward_id', ['id', 'created_at']) };
    await emptyTables(rewards, ledgerEntries);
    const statements = jsonInsertStatements(rewards, rows);
    expect(statements).toHaveLength(1);
    const { params } = db().run(statements[0] as (typeof statements)[number]).getQuery();
    // Shared: environment, campaign, note, flag, currency, status, the NULLs…; each row carries only
    // what differs: id, user, amount, points, hold.
    expect(params.length).toBeGreaterThan(10);
    expect(JSON.parse(params.at(-1) as string)).toEqual([
      ['rwd_c1', 'usr_j', 1200, 3, null],
      ['rwd_c2', 'usr_j', 1300, null, '2026-03-01T00:00:00.000Z'],
      ['rwd_c3', 'usr_other', 1200, null, null],
    ]);
    await run(statements);
    expect({ rewards: await quotedRows(rewards, 'id', skip), ledger: await quotedRows(ledgerEntries, 'reward_id', ['id', 'created_at']) }).toEqual(expected);
    // One row alone: every value is bound once.
    await emptyTables(rewards, ledgerEntries);
    await run(jsonInsertStatements(rewards, rows.slice(0, 1)));
    expect(await quotedRows(rewards, 'id', skip)).toEqual(expected.rewards.slice(0, 1));
  });

  it('writes nothing for a row whose key D1 already holds', async () => {
    await emptyTables(rewards, ledgerEntries);
    await run(jsonInsertStatements(rewards, [reward('rwd_x', { amount: 1 })]));
    await run(jsonInsertStatements(rewards, [reward('rwd_x', { amount: 2 }), reward('rwd_y')]));
    const { results } = await env.DB.prepare('SELECT id, amount FROM rewards ORDER BY id').all();
    expect(results).toEqual([
      { id: 'rwd_x', amount: 1 },
      { id: 'rwd_y', amount: 1200 },
    ]);
    expect(await env.DB.prepare('SELECT count(*) n FROM ledger_entries').first('n')).toBe(2);
  });

  it('refuses a value JSON would change instead of writing another', () => {
    expect(() => jsonInsertStatements(rewards, [reward('rwd_nan', { amount: Number.NaN })])).toThrow(TypeError);
    expect(() => jsonInsertStatements(rewards, [reward('rwd_sql', { amount: sql`1` })])).not.toThrow();
  });
});
