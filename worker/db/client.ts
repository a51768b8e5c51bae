import { drizzle } from 'drizzle-orm/d1';
import * as schema from './schema';

export type Db = ReturnType<typeof getDb>;

/**
 * The one place that decides which database serves a request. Splitting tenants across
 * databases later is a change of this function, not of its callers.
 */
export function getDb(env: { DB: D1Database }) {
  let db = instances.get(env.DB);
  if (!db) {
    db = drizzle(env.DB, { schema });
    instances.set(env.DB, db);
  }
  return db;
}

/**
 * One drizzle instance per binding object: building one maps the whole schema's relations, which
 * cost a campaign object's burst (and every request) more than its own query building did.
 */
const instances = new WeakMap<D1Database, ReturnType<typeof drizzle<typeof schema>>>();
