import { getTableColumns, type SQL, sql, type Table } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';

/**
 * D1's hard limits, in one place. Every multi-row insert and every `IN` list is split here, by the
 * statement's real number of bound variables, so no caller carries its own magic number.
 * Local D1 (workerd) enforces the variable limit too, so a test with a few hundred rows finds a miss.
 */

/** Bound variables one D1 statement may carry. */
export const D1_MAX_BOUND_VARIABLES = 100;

/** The largest string, BLOB or row D1 stores, in bytes (D1's documented limits). */
export const D1_MAX_VALUE_BYTES = 2_000_000;

/** Statements we put in one `db.batch()`: D1 runs a batch as one transaction; keep each one modest. */
export const D1_MAX_BATCH_STATEMENTS = 500;

/** Splits `items` into consecutive slices of at most `size` (size ≥ 1). */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`chunk size must be a positive integer, got ${size}`);
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Rows per multi-row INSERT: each row binds `columnsPerRow` variables (count the columns the insert
 * really binds, defaults included: drizzle binds every column it is given), plus `otherVariables`
 * the rest of the statement binds (an ON CONFLICT … SET with values, a WHERE).
 */
export function rowsPerInsert(columnsPerRow: number, otherVariables = 0): number {
  const room = D1_MAX_BOUND_VARIABLES - otherVariables;
  const rows = Math.floor(room / columnsPerRow);
  if (rows < 1) throw new RangeError(`one row of ${columnsPerRow} columns (+${otherVariables}) exceeds D1's ${D1_MAX_BOUND_VARIABLES} bound variables`);
  return rows;
}

/**
 * Multi-row insert values for `table`, split so each statement stays within D1's bound-variable
 * limit. Counts every column of the table (drizzle binds a value, or a `$defaultFn`'s value, for
 * each), so the split holds however many fields the rows spell out.
 */
export function chunkInsert<T>(table: Table, rows: readonly T[], otherVariables = 0): T[][] {
  return chunk(rows, rowsPerInsert(Object.keys(getTableColumns(table)).length, otherVariables));
}

/**
 * Values of an `IN (…)` list, split so each statement stays within the limit; `otherVariables` are
 * the statement's other bound variables (environment id, status, timestamps…).
 */
export function chunkIn<T>(values: readonly T[], otherVariables = 0): T[][] {
  return chunk(values, rowsPerInsert(1, otherVariables));
}

/**
 * `column IN (…)` for any number of values with ONE bound variable: the values travel as a JSON
 * array and SQLite's `json_each` unrolls it (the planner still uses the column's index). For
 * reads whose lists have no natural bound (a page's ids, a batch's ids), so no statement's
 * variable count grows with the page.
 */
export function inValues(column: SQLiteColumn | SQL, values: readonly (string | number)[]): SQL {
  return sql`${column} IN (SELECT value FROM json_each(${JSON.stringify(values)}))`;
}
