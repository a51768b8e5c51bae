import { inArray, sql } from 'drizzle-orm';
import { chunkIn, chunkInsert } from '../../db/d1-limits';
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


/**
 * Writes a shard's (user, day) totals to D1 in one batch: visit_days takes the totals as they
 * are (not added to), and each user's counters are recomputed from visit_days. Running it
 * twice with the same totals leaves D1 as it was, which is what makes a retried flush safe.
 */
export async function writeDayTotals(db: Db, totals: DayTotal[]): Promise<void> {
  const userIds = [...new Set(totals.map((t) => t.userId))];
  const [first, ...rest] = [
    ...chunkInsert(visitDays, totals).map((rows) =>
      db
        .insert(visitDays)
        .values(rows)
        .onConflictDoUpdate({
          target: [visitDays.userId, visitDays.day],
          set: { visits: sql`excluded.visits`, uniqueVisits: sql`excluded.unique_visits` },
        }),
    ),
    ...chunkIn(userIds).map((ids) =>
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
