import { and, asc, eq, gt, type SQL } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import { type Referral, referrals, type Reward, rewards, visitDays } from '../../db/schema';
import { toReferralResource } from '../../domain/resources/referral';
import { toRewardResource } from '../../domain/resources/reward';
import { notFound } from '../../lib/errors';
import type { ServiceContext } from '../../lib/service-context';
import { findUser, getUser } from '../users/users';

/** Rows per internal page: the export reads a referrer's thousands of referrals in bounded steps. */
const PAGE = 500;

/** Reads every row matching `where`, `PAGE` at a time in id order (keyset pages, no OFFSET). */
async function allPages<T extends { id: string }>(read: (after: SQL | undefined) => Promise<T[]>, idColumn: SQLiteColumn): Promise<T[]> {
  const out: T[] = [];
  for (let last: string | null = null; ; ) {
    const page = await read(last === null ? undefined : gt(idColumn, last));
    out.push(...page);
    if (page.length < PAGE) return out;
    last = (page[page.length - 1] as T).id;
  }
}

/**
 * Access and portability (GDPR art. 15 and 20): everything held about one person, as one JSON
 * document: their user record (with metadata), the referrals they made and received, their
 * rewards, and their share-link visits per day. Event payloads and webhook deliveries hold
 * copies of these same objects (docs/privacy.md).
 */
export async function exportUser(ctx: ServiceContext, idOrExternalId: string) {
  const found = await findUser(ctx, idOrExternalId);
  if (!found) throw notFound('user', idOrExternalId);
  const userId = found.user.id;
  const environmentId = ctx.caller.environmentId;
  const referralsWhere = (column: typeof referrals.referrerId | typeof referrals.refereeId) => (after: SQL | undefined) =>
    ctx.db.select().from(referrals).where(and(eq(referrals.environmentId, environmentId), eq(column, userId), after)).orderBy(asc(referrals.id)).limit(PAGE).all();
  const [user, made, received, rewardRows, visits] = await Promise.all([
    getUser(ctx, userId, ['referrer']),
    allPages<Referral>(referralsWhere(referrals.referrerId), referrals.id),
    allPages<Referral>(referralsWhere(referrals.refereeId), referrals.id),
    allPages<Reward>(
      (after) => ctx.db.select().from(rewards).where(and(eq(rewards.environmentId, environmentId), eq(rewards.userId, userId), after)).orderBy(asc(rewards.id)).limit(PAGE).all(),
      rewards.id,
    ),
    ctx.db.select({ day: visitDays.day, visits: visitDays.visits, unique_visits: visitDays.uniqueVisits }).from(visitDays).where(eq(visitDays.userId, userId)).orderBy(asc(visitDays.day)).all(),
  ]);
  return {
    object: 'user_export' as const,
    generated_at: new Date().toISOString(),
    user,
    referrals_made: made.map((r) => toReferralResource(r, [])),
    referrals_received: received.map((r) => toReferralResource(r, [])),
    rewards: rewardRows.map(toRewardResource),
    visits_by_day: visits,
  };
}
