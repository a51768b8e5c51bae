import { env } from 'cloudflare:workers';

/**
 * Fast seeding for volume tests: clones a row the API made (so every NOT NULL column holds a value
 * the Worker itself wrote) into many rows, each with its own overrides, in D1 batches. Seeding only:
 * the tests assert through the API.
 */
export async function cloneRows(table: string, where: { column: string; value: string }, count: number, override: (i: number) => Record<string, unknown>) {
  const template = await env.DB.prepare(`SELECT * FROM ${table} WHERE ${where.column} = ?`).bind(where.value).first<Record<string, unknown>>();
  if (!template) throw new Error(`no ${table} row with ${where.column} = ${where.value}`);
  const statements = Array.from({ length: count }, (_, i) => {
    const row = { ...template, ...override(i) };
    const columns = Object.keys(row);
    return env.DB.prepare(`INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`).bind(
      ...columns.map((c) => (row[c] === undefined ? null : row[c])),
    );
  });
  for (let i = 0; i < statements.length; i += 400) await env.DB.batch(statements.slice(i, i + 400));
}

export const countRows = async (sql: string, ...binds: unknown[]) => (await env.DB.prepare(sql).bind(...binds).first<{ n: number }>())?.n ?? 0;

export const pad = (i: number) => String(i).padStart(5, '0');
