import { type Column, getTableColumns, SQL, sql } from 'drizzle-orm';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import { D1_MAX_VALUE_BYTES } from './d1-limits';

/**
 * Room for one JSON parameter: half of D1's largest value, so a burst never nears the limit. A row's
 * size is its length plus 2 per non-ASCII UTF-16 unit (at most 3 UTF-8 bytes each): an upper bound
 * with no encoding pass.
 */
export const JSON_ROWS_MAX_BYTES = D1_MAX_VALUE_BYTES / 2;

/**
 * `INSERT … ON CONFLICT DO NOTHING` of any number of rows with ONE bound variable: the rows travel as
 * a JSON array of arrays and SQLite's `json_each` unrolls them, so what a statement binds no longer
 * grows with its rows. Each cell is what drizzle's own insert would bind: the column's
 * `mapToDriverValue` (JSON text, booleans as 0/1…), and for an absent field the same default drizzle
 * takes (`.default`, `$defaultFn`, `$onUpdateFn`, else NULL). A default that is SQL (`now`) is written
 * into the statement as drizzle writes it, so rows that differ in which fields fall back to SQL go
 * into separate statements. Rows stay in order (triggers fire per row, in that order); a statement's
 * JSON stays under `maxBytes`, so a large burst becomes several statements.
 */
export function jsonInsertStatements<T extends SQLiteTable>(table: T, rows: readonly InsertRow<T>[], maxBytes = JSON_ROWS_MAX_BYTES): SQL[] {
  const { columns, realAsText, jsonText } = columnsOf(table);
  const statements: SQL[] = [];
  let group: Group | null = null;
  const flush = () => {
    if (group) statements.push(insertSql(table, columns, group));
  };
  for (const row of rows) {
    const shape: Shape[] = [];
    const cells = columns.map(([key, column], i) => {
      const value = (row as Record<string, unknown>)[key];
      // A plain object or array for a JSON column travels as itself, not as JSON text inside the JSON
      // (escaped once more at every level): `->>` reads it back as the same minified text. Anything
      // else (a Date, a string) is JSON text as drizzle writes it: `->>` of a JSON string would drop its quotes.
      if (jsonText[i] && isPlainJson(value)) {
        shape.push(null);
        return value;
      }
      const cell = driverValue(column, value);
      const inline = cell instanceof SQL;
      shape.push(inline ? cell : typeof cell === 'number' && realAsText[i] ? 'real' : null);
      return inline ? null : cell;
    });
    const json = JSON.stringify(cells);
    const bytes = json.length + 2 * (json.match(NON_ASCII)?.length ?? 0) + 1;
    if (!group || bytes + group.bytes > maxBytes || shape.some((s, i) => s !== group?.shape[i])) {
      flush();
      group = { shape, rows: [], same: shape.map((s) => s === null || s === 'real'), bytes: 2 };
    }
    const first = group.rows[0];
    if (first) for (let i = 0; i < cells.length; i++) if (group.same[i] && cells[i] !== first[i]) group.same[i] = false;
    group.rows.push(cells as Carried[]);
    group.bytes += bytes;
  }
  flush();
  return statements;
}

/**
 * Rows going into one statement: their shape, their cells, which columns hold the same value in
 * every row so far (bound once, not per row), and the JSON's size bound.
 */
interface Group {
  shape: Shape[];
  rows: Carried[][];
  same: boolean[];
  bytes: number;
}

/** Columns bound once per statement at most (D1 binds up to 100 values per statement; the JSON is one). */
const MAX_BOUND_ONCE = 90;

const NON_ASCII = /[\u0080-\uffff]/g;

interface TableColumns {
  columns: [string, Column][];
  realAsText: boolean[];
  /** Columns drizzle writes as JSON text (`text(…, { mode: 'json' })`). */
  jsonText: boolean[];
}

/** As drizzle's insert: every column but a generated one; worked out once per table. */
function columnsOf(table: SQLiteTable): TableColumns {
  let known = tableColumns.get(table);
  if (!known) {
    const columns = Object.entries(getTableColumns(table)).filter(([, column]) => column.generated === undefined || column.generated.type === 'byDefault');
    known = { columns, realAsText: columns.map(([, column]) => keepsRealApart(column)), jsonText: columns.map(([, column]) => column.columnType === 'SQLiteTextJson') };
    tableColumns.set(table, known);
  }
  return known;
}

const tableColumns = new WeakMap<SQLiteTable, TableColumns>();

const isPlainJson = (value: unknown): value is JsonValue =>
  Array.isArray(value) || (typeof value === 'object' && value !== null && [Object.prototype, null].includes(Object.getPrototypeOf(value)));

/** A row as drizzle's `values()` takes it: any field may be SQL. */
export type InsertRow<T extends SQLiteTable> = { [K in keyof T['$inferInsert']]: T['$inferInsert'][K] | SQL };

type Cell = string | number | null | SQL;
type JsonValue = Record<string, unknown> | unknown[];
/** What a row carries in its JSON: a driver value, or a JSON column's object or array as itself. */
type Carried = string | number | null | JsonValue;
/** How a column's value is read from a row: from the JSON (null), as REAL, or an SQL default. */
type Shape = SQL | 'real' | null;

/**
 * D1 binds a JS number (and a boolean) as REAL. In a column of INTEGER, REAL or NUMERIC affinity SQLite stores the
 * same value whether it came as REAL or as a JSON integer; in TEXT or BLOB affinity it does not
 * ('0.0' against '0'), so there the JSON's number is cast to REAL first.
 */
function keepsRealApart(column: Column): boolean {
  const type = column.getSQLType().toUpperCase();
  if (type.includes('INT') || /REAL|FLOA|DOUB/.test(type)) return false;
  return type === '' || /CHAR|CLOB|TEXT|BLOB/.test(type);
}

/** The value drizzle's insert binds for `value` in `column` (or the SQL it inlines). */
function driverValue(column: Column, value: unknown): Cell {
  if (value === undefined) {
    if (column.default !== null && column.default !== undefined) value = column.default;
    else if (column.defaultFn) value = column.defaultFn();
    else if (column.onUpdateFn) value = column.onUpdateFn();
    else return null;
  }
  if (value === null || value instanceof SQL) return value as Cell;
  const mapped: unknown = column.mapToDriverValue(value);
  if (mapped === null || typeof mapped === 'string' || mapped instanceof SQL) return mapped;
  if (typeof mapped === 'number' && Number.isFinite(mapped)) return mapped;
  // D1 binds a boolean as the REAL 1 or 0, as it binds any number.
  if (typeof mapped === 'boolean') return mapped ? 1 : 0;
  // A blob, a bigint, NaN: JSON would change it; refuse rather than write something else.
  throw new TypeError(`jsonInsertStatements: ${column.name} holds a value JSON cannot carry (${typeof mapped})`);
}

/**
 * The statement for a group. A column whose value is the same in every row (the environment, the
 * campaign, a status, a NULL) is bound once as its own parameter instead of travelling in every row,
 * so SQLite reads it once and the JSON carries only what differs (D1 binds a number as REAL either
 * way, so a number in a text column is stored as before).
 */
function insertSql(table: SQLiteTable, columns: [string, Column][], group: Group): SQL {
  const { shape, rows, same } = group;
  const first = rows[0] ?? [];
  let once = 0;
  const bindOnce = same.map((isSame) => isSame && once++ < MAX_BOUND_ONCE);
  const varying = columns.map((_, i) => i).filter((i) => shape[i] !== undefined && !(shape[i] instanceof SQL) && !bindOnce[i]);
  const names = sql.join(
    columns.map(([, column]) => sql.identifier(column.name)),
    sql`, `,
  );
  const values = sql.join(
    columns.map((_, i) => {
      const how = shape[i];
      if (how instanceof SQL) return how;
      if (bindOnce[i]) {
        const once = first[i];
        return sql`${typeof once === 'object' && once !== null ? JSON.stringify(once) : once}`;
      }
      const read = `value->>'$[${varying.indexOf(i)}]'`;
      return sql.raw(how === 'real' ? `CAST(${read} AS REAL)` : read);
    }),
    sql`, `,
  );
  const json = `[${rows.map((cells) => JSON.stringify(varying.map((i) => cells[i]))).join(',')}]`;
  // `WHERE true`: without it SQLite's parser reads ON CONFLICT as part of the SELECT's join.
  return sql`INSERT INTO ${table} (${names}) SELECT ${values} FROM json_each(${json}) WHERE true ON CONFLICT DO NOTHING`;
}
