import { inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { users, visitDays } from '../../db/schema';

export type DayTotal = {
  userId: string;
  day: string;
  environmentId: string;
  campaignId: string;
  visits: number;
  uniqueVisits: number;
};

/** D1 allows 100 bound parameters per statement: 6 per visit_days row. */
const ROWS_PER_INSERT = 16;
const USERS_PER_UPDATE = 90;

const chunks = <T>(items: T[], size: number) => Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));

/**
 * Writes a shard's (user, day) totals to D1 in one batch: visit_days takes the totals as they
 * are (not added to), and each user's counters are recomputed from visit_days. Running it
 * twice with the same totals leaves D1 as it was, which is what makes a retried flush safe.
 */
export async function writeDayTotals(db: Db, totals: DayTotal[]): Promise<void> {
  const userIds = [...new Set(totals.map((t) => t.userId))];
  const [first, ...rest] = [
    ...chunks(totals, ROWS_PER_INSERT).map((rows) =>
      db
        .insert(visitDays)
        .values(rows)
        .onConflictDoUpdate({
          target: [visitDays.userId, visitDays.day],
          set: { visits: sql`excluded.visits`, uniqueVisits: sql`excluded.unique_visits` },
        }),
    ),
    ...chunks(userIds, USERS_PER_UPDATE).map((ids) =>
      db
        .update(users)
        .set({
          visits: sql`coalesce((SELECT sum(${visitDays.visits}) FROM ${visitDays} WHERE ${visitDays.userId} = ${users.id}), 0)`,
          uniqueVisits: sql`coalesce((SELECT sum(${visitDays.uniqueVisits}) FROM ${visitDays} WHERE ${visitDays.userId} = ${users.id}), 0)`,
        })
        .where(inArray(users.id, ids)),
    ),
  ];
  if (first) await db.batch([first, ...rest]);
}
