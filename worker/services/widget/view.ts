import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import type { Db } from '../../db/client';
import { type Campaign, campaigns, rewards, users } from '../../db/schema';
import type { Rule } from '../../domain/rules/schema';
import { shareMessage, sharingLinks, shareUrl } from '../../domain/share-links';
import { maskEmail, maskName } from '../../domain/widget/mask';
import { nextMilestone } from '../../domain/widget/progress';

const REFERRALS_SHOWN = 50;
const REWARDS_SHOWN = 20;
const referees = alias(users, 'referees');

/**
 * Everything the widget shows one referrer, read in ONE D1 batch (one round trip): the user and
 * their campaign, the people they referred (masked), their rewards, reward totals and their rank.
 * Null when the environment has no such referrer (the widget offers to enrol them).
 */
export async function referrerView(db: Db, environmentId: string, externalId: string, origin: string) {
  const me = sql`(select ${users.id} from ${users} where ${users.environmentId} = ${environmentId} and ${users.externalId} = ${externalId} and ${users.deletedAt} is null)`;
  // Correlated subqueries name the outer table in full: drizzle writes a select's own columns
  // unqualified, and a bare "id" inside them would mean the subquery's own row.
  const qualifiedSql = sql<number>`(select count(distinct coalesce(q.referee_id, q.id)) from referrals q where q.referrer_id = "users"."id" and q.status = 'qualified')`;
  const [found, referred, recent, totals, standing] = await db.batch([
    // Aliased: a D1 batch answers rows as objects, so two columns of one name (users.name,
    // campaigns.name) would overwrite each other.
    db
      .select({
        name: users.name,
        code: users.referralCode,
        campaignName: sql<string>`${campaigns.name}`.as('campaign_name'),
        campaignStatus: sql<Campaign['status']>`${campaigns.status}`.as('campaign_status'),
        shareMessage: campaigns.shareMessage,
        rules: campaigns.rules,
        widgetLeaderboard: campaigns.widgetLeaderboard,
      })
      .from(users)
      .innerJoin(campaigns, eq(campaigns.id, users.campaignId))
      .where(and(eq(users.environmentId, environmentId), eq(users.externalId, externalId), isNull(users.deletedAt))),
    db
      .select({
        name: referees.name,
        email: referees.email,
        joinedAt: referees.createdAt,
        qualified: sql<number>`exists(select 1 from referrals q where q.referee_id = "referees"."id" and q.status = 'qualified')`,
      })
      .from(referees)
      .where(and(eq(referees.environmentId, environmentId), eq(referees.referrerId, me), isNull(referees.deletedAt)))
      .orderBy(desc(referees.createdAt), desc(referees.id))
      .limit(REFERRALS_SHOWN),
    db
      .select({ type: rewards.type, amount: rewards.amount, currency: rewards.currency, points: rewards.points, status: rewards.status, createdAt: rewards.createdAt })
      .from(rewards)
      .where(and(eq(rewards.environmentId, environmentId), eq(rewards.userId, me)))
      .orderBy(desc(rewards.createdAt), desc(rewards.id))
      .limit(REWARDS_SHOWN),
    db
      .select({ type: rewards.type, currency: rewards.currency, status: rewards.status, amount: sql<number>`coalesce(sum(${rewards.amount}), 0)`, points: sql<number>`coalesce(sum(${rewards.points}), 0)`, count: sql<number>`count(*)` })
      .from(rewards)
      .where(and(eq(rewards.environmentId, environmentId), eq(rewards.userId, me)))
      .groupBy(rewards.type, rewards.currency, rewards.status),
    // Rank as the leaderboard counts it (qualified referees; ties share a rank): 1 + referrers of the campaign ahead.
    db
      .select({
        qualified: qualifiedSql,
        ahead: sql<number>`(select count(*) from (select r.referrer_id from referrals r where r.campaign_id = "users"."campaign_id" and r.status = 'qualified' group by r.referrer_id having count(distinct coalesce(r.referee_id, r.id)) > ${qualifiedSql}))`,
      })
      .from(users)
      .where(eq(users.id, me)),
  ]);
  const user = found[0];
  if (!user) return null;
  const url = shareUrl(user.code, origin);
  const qualified = Number(standing[0]?.qualified ?? 0);
  const earned = new Map<string, { currency: string | null; type: string; earned: number; pending: number }>();
  for (const t of totals) {
    if (t.status === 'cancelled') continue;
    const key = `${t.type}:${t.currency ?? ''}`;
    const entry = earned.get(key) ?? { type: t.type, currency: t.currency, earned: 0, pending: 0 };
    const value = t.type === 'points' ? Number(t.points) : t.type === 'voucher' ? Number(t.count) : Number(t.amount);
    entry.earned += value;
    if (t.status === 'pending') entry.pending += value;
    earned.set(key, entry);
  }
  return {
    object: 'widget_referrer' as const,
    name: user.name,
    referral_code: user.code,
    share_url: url,
    sharing: sharingLinks(url, shareMessage(user.shareMessage, user.campaignName, url), user.campaignName),
    campaign: { name: user.campaignName, status: user.campaignStatus },
    progress: { qualified, next: nextMilestone(user.rules as Rule[], qualified) },
    referrals: referred.map((r) => ({ name: maskName(r.name), email: maskEmail(r.email), status: r.qualified ? ('qualified' as const) : ('signed_up' as const), joined_at: r.joinedAt })),
    rewards: recent.map((r) => ({ type: r.type, amount: r.amount, currency: r.currency, points: r.points, status: r.status, created_at: r.createdAt })),
    balance: [...earned.values()].sort((a, b) => `${a.type}${a.currency}`.localeCompare(`${b.type}${b.currency}`)),
    leaderboard: user.widgetLeaderboard ? { rank: Number(standing[0]?.ahead ?? 0) + 1, qualified } : null,
  };
}

export type ReferrerView = NonNullable<Awaited<ReturnType<typeof referrerView>>>;
