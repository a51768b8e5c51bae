import { and, eq, gte, lte, sql } from 'drizzle-orm';
import { visitDays } from '../../db/schema';
import { utcDay } from '../../domain/visitor';
import { validationError } from '../../lib/errors';
import { getCampaign } from '../campaigns/campaigns';
import type { ServiceContext } from '../../lib/service-context';
import { getUser } from '../users/users';
import { MAX_STATS_DAYS } from '../../domain/limits';

const DAY_MS = 24 * 60 * 60 * 1000;
const DEFAULT_DAYS = 30;

export interface StatsQuery {
  from?: string;
  to?: string;
  campaign_id?: string;
  user_id?: string;
}

/** Share-link visits per UTC day in [from, to], every day present (zero when nothing happened). */
export async function visitStats(ctx: ServiceContext, query: StatsQuery) {
  const to = query.to ?? utcDay(Date.now());
  const from = query.from ?? utcDay(Date.parse(to) - (DEFAULT_DAYS - 1) * DAY_MS);
  const days = Math.round((Date.parse(to) - Date.parse(from)) / DAY_MS) + 1;
  if (days < 1) throw validationError([{ field: 'from', message: 'Must not be after to.' }]);
  if (days > MAX_STATS_DAYS) throw validationError([{ field: 'from', message: `A range covers at most ${MAX_STATS_DAYS} days.` }]);

  // Both resolve in this environment only (404 otherwise); user_id may be an external id.
  const campaignId = query.campaign_id ? (await getCampaign(ctx, query.campaign_id)).id : undefined;
  const userId = query.user_id ? (await getUser(ctx, query.user_id)).id : undefined;

  const rows = await ctx.db
    .select({
      day: visitDays.day,
      visits: sql<number>`sum(${visitDays.visits})`.mapWith(Number),
      uniqueVisits: sql<number>`sum(${visitDays.uniqueVisits})`.mapWith(Number),
    })
    .from(visitDays)
    .where(
      and(
        eq(visitDays.environmentId, ctx.caller.environmentId),
        gte(visitDays.day, from),
        lte(visitDays.day, to),
        campaignId ? eq(visitDays.campaignId, campaignId) : undefined,
        userId ? eq(visitDays.userId, userId) : undefined,
      ),
    )
    .groupBy(visitDays.day)
    .all();
  const byDay = new Map(rows.map((r) => [r.day, r]));
  const data = Array.from({ length: days }, (_, i) => {
    const day = utcDay(Date.parse(from) + i * DAY_MS);
    const row = byDay.get(day);
    return { day, visits: row?.visits ?? 0, unique_visits: row?.uniqueVisits ?? 0 };
  });
  return {
    object: 'stats' as const,
    from,
    to,
    campaign_id: campaignId ?? null,
    user_id: userId ?? null,
    totals: {
      visits: data.reduce((n, d) => n + d.visits, 0),
      unique_visits: data.reduce((n, d) => n + d.unique_visits, 0),
    },
    data,
  };
}
