import { getTableColumns, getTableName } from 'drizzle-orm';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import { env } from 'cloudflare:workers';

/**
 * Every row of `table` with every column as SQLite's `quote()` shows it, so 1, 1.0 and '1' (or NULL
 * and 'null') differ. `skip` leaves out columns no two writes can share (a trigger's random id).
 */
export async function quotedRows(table: SQLiteTable, orderBy: string, skip: string[] = []): Promise<Record<string, string>[]> {
  const names = Object.values(getTableColumns(table))
    .map((c) => c.name)
    .filter((n) => !skip.includes(n));
  const select = names.map((n) => `quote("${n}") AS "${n}"`).join(', ');
  const { results } = await env.DB.prepare(`SELECT ${select} FROM "${getTableName(table)}" ORDER BY ${orderBy}`).all<Record<string, string>>();
  return results;
}

/** Empties the tables a projection writes, so a second writer starts from the same state. */
export async function emptyTables(...tables: SQLiteTable[]): Promise<void> {
  await env.DB.batch(tables.map((t) => env.DB.prepare(`DELETE FROM "${getTableName(t)}"`)));
}
