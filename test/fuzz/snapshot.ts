import { runInDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';

/**
 * Columns that change on their own after a request: auth refreshes last_used_at after the
 * response, and webhook delivery (the queue consumer, outside any request) marks an earlier
 * request's events dispatched. A rejected request inserting an event still shows as a change.
 */
const VOLATILE = new Set(['last_used_at', 'dispatched_at']);
/** Tables only background work writes: webhook attempts of events earlier requests made. */
const BACKGROUND = new Set(['webhook_deliveries']);

let tables: string[] | undefined;

/** Every D1 table's full content, as one comparable string per table. */
export async function snapshotD1(): Promise<Record<string, string>> {
  tables ??= (
    await env.DB.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' AND name != 'd1_migrations' ORDER BY name").all<{ name: string }>()
  ).results
    .map((r) => r.name)
    .filter((name) => !BACKGROUND.has(name));
  const results = await env.DB.batch(tables.map((t) => env.DB.prepare(`SELECT * FROM "${t}" ORDER BY rowid`)));
  return Object.fromEntries(
    tables.map((t, i) => [
      t,
      JSON.stringify((results[i]?.results ?? []).map((row) => Object.entries(row as Record<string, unknown>).filter(([k]) => !VOLATILE.has(k)))),
    ]),
  );
}

/** Tables whose content differs between two snapshots. */
export const changedTables = (before: Record<string, string>, after: Record<string, string>) =>
  Object.keys({ ...before, ...after }).filter((t) => before[t] !== after[t]);

/**
 * Every table of these campaign objects' own storage (SQLite in the Durable Object), as one
 * comparable string per object and table, read inside the object with runInDurableObject.
 */
export async function snapshotCampaignObjects(campaignIds: string[]): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const id of campaignIds) {
    // An earlier request's settled outbox rows leave with the object's next turn, or up to a second
    // later: that housekeeping is done first (the lag report deletes them), so it is never taken
    // for a change made by the request under test.
    await env.CAMPAIGN.getByName(id).projectionLag();
    const tables = await runInDurableObject(env.CAMPAIGN.getByName(id), (_o, state) => {
      const sql = state.storage.sql;
      const names = sql
        .exec<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' ORDER BY name")
        .toArray()
        .map((r) => r.name);
      return Object.fromEntries(names.map((t) => [t, JSON.stringify(sql.exec(`SELECT * FROM "${t}" ORDER BY rowid`).toArray())]));
    });
    for (const [t, rows] of Object.entries(tables)) out[`${id}:${t}`] = rows;
  }
  return out;
}
