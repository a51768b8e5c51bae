import { and, count, eq, or, sql } from 'drizzle-orm';
import { type Reward, rewards } from '../../db/schema';
import { type RewardResource, toRewardResource } from '../../domain/resources/reward';
import { conflict, notFound } from '../../lib/errors';
import { type ListRequest, listPage, pickFields } from '../../lib/list-query';
import type { ServiceContext } from '../../lib/service-context';
import { releaseHolds } from '../../ledger/reward-transitions';
import { rewardListSpec } from './rewards';

/** Why a reward waits for a human. */
export function reviewReason(r: Reward): 'refunded_after_payout' | 'flagged' | 'awaiting_approval' | null {
  if (r.needsReview && r.status === 'paid' && r.reversedAmount > 0) return 'refunded_after_payout';
  if (r.needsReview) return 'flagged';
  if (r.status === 'pending' && r.statusReason === 'awaiting_approval') return 'awaiting_approval';
  return null;
}

const inQueue = or(eq(rewards.needsReview, true), and(eq(rewards.status, 'pending'), eq(rewards.statusReason, 'awaiting_approval')));

/**
 * The review queue: every reward that needs a human (flagged after a refund after payout, flagged by
 * a dispute or an integration, waiting for manual approval), one list with the rewards' filters.
 */
export async function listReviewQueue(ctx: ServiceContext, request: ListRequest) {
  await releaseHolds(ctx.db, { environmentId: ctx.caller.environmentId });
  return listPage(ctx.origin, request, { ...rewardListSpec, fields: [...rewardListSpec.fields, 'review_reason'] }, {
    idColumn: rewards.id,
    scope: and(eq(rewards.environmentId, ctx.caller.environmentId), inQueue),
    select: (where) => ctx.db.select().from(rewards).where(where),
    count: (where) => ctx.db.select({ total: count() }).from(rewards).where(where),
  }, (rows, query) => rows.map((r) => pickFields({ ...toRewardResource(r), review_reason: reviewReason(r) }, query.fields, [])));
}

/**
 * A flagged reward's outcome. `accept`: the refund's reversal stands (it is owed back and the next
 * payout nets it off); the flag is cleared. `waive`: the reversal of a paid reward is forgiven (an
 * `adjusted` entry gives it back) and the flag is cleared. Approve and cancel are the rewards' own actions.
 */
export async function resolveReview(ctx: ServiceContext, id: string, outcome: 'accept' | 'waive'): Promise<RewardResource & { review_reason: ReturnType<typeof reviewReason> }> {
  const now = new Date().toISOString();
  const set = outcome === 'waive' ? { needsReview: false, reversedAmount: sql`CASE WHEN ${rewards.status} = 'paid' THEN 0 ELSE ${rewards.reversedAmount} END`, cause: 'review_waived', updatedAt: now } : { needsReview: false, updatedAt: now };
  const [row] = await ctx.db
    .update(rewards)
    .set(set)
    .where(and(eq(rewards.environmentId, ctx.caller.environmentId), eq(rewards.id, id), eq(rewards.needsReview, true)))
    .returning();
  if (row) return { ...toRewardResource(row), review_reason: reviewReason(row) };
  const current = await ctx.db.select().from(rewards).where(and(eq(rewards.environmentId, ctx.caller.environmentId), eq(rewards.id, id))).get();
  if (!current) throw notFound('reward', id);
  throw conflict('not-flagged', 'Not flagged', `Reward ${id} is not flagged for review${current.statusReason === 'awaiting_approval' ? '; approve or cancel it' : ''}.`, [{ field: 'needs_review', message: 'false' }]);
}
