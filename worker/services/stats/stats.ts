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

/** Minor units per ISO currency. */
type Money = Record<string, number>;

export interface StatsDay {
  day: string;
  visits: number;
  unique_visits: number;
  signups: number;
  sales: number;
  revenue: Money;
  rewards: number;
  reward_value: Money;
}

const addMoney = (into: Money, currency: string | null, amount: number) => {
  if (!currency || !amount) return;
  into[currency] = (into[currency] ?? 0) + amount;
};

/**
 * The Overview's summary per UTC day in [from, to], every day present (zeros when nothing happened),
 * all from D1 aggregates (GROUP BY day over covering indexes, migration 0009), four queries at once:
 * - `visits`, `unique_visits`: share-link visits (visit_days).
 * - `signups`, `sales`: referral events of that type that happened that day (`occurred_at`), rejected
 *   ones (self-referral, already referred, campaign not running…) excluded; refunded sales still count.
 * - `revenue`: per currency, the sales of that day NET of refunds, partial ones included: a sale counts
 *   its amount less what its refunds took back (a refund without an amount takes it all), never below
 *   zero. The refund lowers the sale's day, not the refund's, so a day's revenue can fall when a refund
 *   arrives later.
 * - `rewards`: rewards issued (created by a rule or by hand) that day, cancelled ones excluded;
 *   `reward_value`: the cash and credit among them per currency, less what refunds reversed (a partial
 *   refund shrinks a percentage reward; docs/ledger.md). Points and vouchers have no amount.
 * With `campaign_id`, that campaign only; with `user_id`, that referrer: visits of their links,
 * events they referred, rewards they received.
 */
export async function visitStats(ctx: ServiceContext, query: StatsQuery) {
  const to = query.to ?? utcDay(Date.now());
  const from = query.from ?? utcDay(Date.parse(to) - (DEFAULT_DAYS - 1) * DAY_MS);
  const days = Math.round((Date.parse(to) - Date.parse(from)) / DAY_MS) + 1;
  if (days < 1) throw validationError([{ field: 'from', message: 'Must not be after to.' }]);
  if (days > MAX_STATS_DAYS) throw validationError([{ field: 'from', message: `A range covers at most ${MAX_STATS_DAYS} days.` }]);

  // Both resolve in this environment only (404 otherwise); user_id may be an external id.
  const campaignId = query.campaign_id ? (await getCampaign(ctx, query.campaign_id)).id : undefined;
  const userId = query.user_id ? (await getUser(ctx, query.user_id)).id : undefined;
  const environmentId = ctx.caller.environmentId;
  const end = utcDay(Date.parse(to) + DAY_MS); // exclusive: timestamps are ISO strings, compared as text

  // The campaign and the user were found in this environment (ids are global): scoping by them
  // alone lets SQLite walk their own covering index instead of filtering the environment's.
  const referralOwner = userId ? sql`s.referrer_id = ${userId}` : campaignId ? sql`s.campaign_id = ${campaignId}` : sql`s.environment_id = ${environmentId}`;
  const referralScope = sql.join(
    [referralOwner, sql`s.occurred_at >= ${from} AND s.occurred_at < ${end}`, ...(userId && campaignId ? [sql`s.campaign_id = ${campaignId}`] : [])],
    sql` AND `,
  );
  const rewardOwner = userId ? sql`user_id = ${userId}` : campaignId ? sql`campaign_id = ${campaignId}` : sql`environment_id = ${environmentId}`;
  const rewardScope = sql.join(
    [rewardOwner, sql`created_at >= ${from} AND created_at < ${end} AND status <> 'cancelled'`, ...(userId && campaignId ? [sql`campaign_id = ${campaignId}`] : [])],
    sql` AND `,
  );

  type EventRow = { day: string; type: string; currency: string | null; n: number; revenue: number | null };
  type RefundedRow = { day: string; currency: string | null; revenue: number | null };
  type RewardRow = { day: string; currency: string | null; n: number; value: number | null };
  const [visitRows, eventRows, refundedRows, rewardRows] = await Promise.all([
    ctx.db
      .select({
        day: visitDays.day,
        visits: sql<number>`sum(${visitDays.visits})`.mapWith(Number),
        uniqueVisits: sql<number>`sum(${visitDays.uniqueVisits})`.mapWith(Number),
      })
      .from(visitDays)
      .where(
        and(
          eq(visitDays.environmentId, environmentId),
          gte(visitDays.day, from),
          lte(visitDays.day, to),
          campaignId ? eq(visitDays.campaignId, campaignId) : undefined,
          userId ? eq(visitDays.userId, userId) : undefined,
        ),
      )
      .groupBy(visitDays.day),
    // Signups and sales per day; the sales' amounts before refunds.
    ctx.db.all<EventRow>(sql`
      SELECT substr(s.occurred_at, 1, 10) AS day, s.type AS type, s.currency AS currency, count(*) AS n,
             sum(CASE WHEN s.type = 'sale' THEN s.amount ELSE 0 END) AS revenue
      FROM referrals s
      WHERE ${referralScope} AND s.type IN ('signup', 'sale') AND s.status <> 'rejected'
      GROUP BY 1, 2, 3`),
    // What refunds took back from the sales of each day (refunds are few; partial ones leave the sale
    // as it was, a full one marks it refunded): at most each sale's amount, a refund without an
    // amount takes it all. Subtracted from the day's sales below.
    ctx.db.all<RefundedRow>(sql`
      SELECT substr(s.occurred_at, 1, 10) AS day, s.currency AS currency,
             sum(min(s.amount, CASE WHEN t.whole THEN s.amount ELSE t.taken END)) AS revenue
      FROM (SELECT f.refund_of AS sale_id, sum(coalesce(f.amount, 0)) AS taken, max(f.amount IS NULL) AS whole
            FROM referrals f
            WHERE f.environment_id = ${environmentId} AND f.refund_of IS NOT NULL AND f.type = 'refund' AND f.status <> 'rejected'
            GROUP BY f.refund_of) t
      JOIN referrals s ON s.id = t.sale_id
      WHERE ${referralScope} AND s.type = 'sale' AND s.status <> 'rejected'
      GROUP BY 1, 2`),
    ctx.db.all<RewardRow>(sql`
      SELECT substr(created_at, 1, 10) AS day, currency, count(*) AS n,
             sum(CASE WHEN type IN ('cash', 'credit') THEN amount - reversed_amount ELSE 0 END) AS value
      FROM rewards
      WHERE ${rewardScope}
      GROUP BY 1, 2`),
  ]);

  const byDay = new Map<string, StatsDay>();
  const data: StatsDay[] = Array.from({ length: days }, (_, i) => {
    const day = utcDay(Date.parse(from) + i * DAY_MS);
    const row: StatsDay = { day, visits: 0, unique_visits: 0, signups: 0, sales: 0, revenue: {}, rewards: 0, reward_value: {} };
    byDay.set(day, row);
    return row;
  });
  for (const r of visitRows) {
    const d = byDay.get(r.day);
    if (d) Object.assign(d, { visits: r.visits, unique_visits: r.uniqueVisits });
  }
  for (const r of eventRows as EventRow[]) {
    const d = byDay.get(r.day);
    if (!d) continue;
    if (r.type === 'signup') d.signups += Number(r.n);
    else {
      d.sales += Number(r.n);
      addMoney(d.revenue, r.currency, Number(r.revenue ?? 0));
    }
  }
  for (const r of refundedRows as RefundedRow[]) {
    const d = byDay.get(r.day);
    if (!d || !r.currency) continue;
    addMoney(d.revenue, r.currency, -Number(r.revenue ?? 0));
    // A day whose sales were all refunded shows no revenue in that currency, as one with none.
    if (d.revenue[r.currency] === 0) delete d.revenue[r.currency];
  }
  for (const r of rewardRows as RewardRow[]) {
    const d = byDay.get(r.day);
    if (!d) continue;
    d.rewards += Number(r.n);
    addMoney(d.reward_value, r.currency, Number(r.value ?? 0));
  }

  const totals = { visits: 0, unique_visits: 0, signups: 0, sales: 0, revenue: {} as Money, rewards: 0, reward_value: {} as Money };
  for (const d of data) {
    totals.visits += d.visits;
    totals.unique_visits += d.unique_visits;
    totals.signups += d.signups;
    totals.sales += d.sales;
    totals.rewards += d.rewards;
    for (const [c, v] of Object.entries(d.revenue)) addMoney(totals.revenue, c, v);
    for (const [c, v] of Object.entries(d.reward_value)) addMoney(totals.reward_value, c, v);
  }
  return { object: 'stats' as const, from, to, campaign_id: campaignId ?? null, user_id: userId ?? null, totals, data };
}
