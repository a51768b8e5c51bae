import { drizzle } from 'drizzle-orm/d1';
import * as schema from './schema';

export type Db = ReturnType<typeof getDb>;

/**
 * The one place that decides which database serves a request. Splitting tenants across
 * databases later is a change of this function, not of its callers.
 */
export function getDb(env: { DB: D1Database }) {
  return drizzle(env.DB, { schema });
}
