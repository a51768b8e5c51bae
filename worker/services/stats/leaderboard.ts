import { and, countDistinct, count, desc, eq, inArray, ne, sql, sum } from 'drizzle-orm';
import { referrals, rewards, users } from '../../db/schema';
import { getCampaign } from '../campaigns/campaigns';
import type { ServiceContext } from '../../lib/service-context';

export type LeaderboardBy = 'referrals' | 'revenue' | 'rewards';

/**
 * Top referrers of a campaign: `referrals` = distinct referees (or events without one) in
 * qualified events; `revenue` = sales not refunded, in one currency; `rewards` = rewards
 * earned as referrer and not cancelled. Ties share a rank (1, 2, 2, 4), earlier enrolment listed first.
 */
export async function leaderboard(ctx: ServiceContext, campaignId: string, by: LeaderboardBy, limit: number, currency?: string) {
  const campaign = await getCampaign(ctx, campaignId);
  const env = ctx.caller.environmentId;
  const who = { user_id: users.id, external_id: users.externalId, name: users.name, referral_code: users.referralCode };
  let rows: { user_id: string; external_id: string | null; name: string | null; referral_code: string; value: number | string | null }[];
  const revenueCurrency = by === 'revenue' ? (currency ?? campaign.budgets[0]?.currency ?? 'USD') : null;
  if (by === 'rewards') {
    const value = count();
    rows = await ctx.db
      .select({ ...who, value })
      .from(rewards)
      .innerJoin(users, eq(users.id, rewards.userId))
      .where(and(eq(rewards.environmentId, env), eq(rewards.campaignId, campaign.id), eq(rewards.recipient, 'referrer'), ne(rewards.status, 'cancelled')))
      .groupBy(users.id)
      .orderBy(desc(value), users.createdAt, users.id)
      .limit(limit);
  } else {
    const value = by === 'referrals' ? countDistinct(sql`coalesce(${referrals.refereeId}, ${referrals.id})`) : sum(referrals.amount);
    const filter =
      by === 'referrals'
        ? eq(referrals.status, 'qualified')
        : and(eq(referrals.type, 'sale'), inArray(referrals.status, ['qualified', 'not_qualified']), eq(referrals.currency, revenueCurrency as string));
    rows = await ctx.db
      .select({ ...who, value })
      .from(referrals)
      .innerJoin(users, eq(users.id, referrals.referrerId))
      .where(and(eq(referrals.environmentId, env), eq(referrals.campaignId, campaign.id), filter))
      .groupBy(users.id)
      .orderBy(desc(value), users.createdAt, users.id)
      .limit(limit);
  }
  let rank = 0;
  const data = rows.map((r, i) => {
    const value = Number(r.value ?? 0);
    if (i === 0 || value !== Number(rows[i - 1]?.value ?? 0)) rank = i + 1;
    return { rank, ...r, value };
  });
  return { object: 'leaderboard' as const, campaign_id: campaign.id, by, currency: revenueCurrency, data };
}
