import { and, eq, gt, isNull } from 'drizzle-orm';
import { inValues } from '../db/d1-limits';
import type { Db } from '../db/client';
import { rewards } from '../db/schema';

/** A cancelled reward's charge that its campaign's budget is owed back. */
export interface BudgetRelease {
  rewardId: string;
  amount: number;
  /** The reward's currency: the budget line it was charged to (and goes back to). */
  currency: string | null;
}

/**
 * Cancelled rewards of a campaign whose charge has not reached the campaign object yet: the
 * release after their cancel failed or never ran. The object's alarm gives them back.
 */
export async function owedReleases(db: Db, campaignId: string, limit: number): Promise<BudgetRelease[]> {
  const rows = await db
    .select({ rewardId: rewards.id, amount: rewards.budgetCharged, currency: rewards.currency })
    .from(rewards)
    .where(and(eq(rewards.campaignId, campaignId), eq(rewards.status, 'cancelled'), gt(rewards.budgetCharged, 0), isNull(rewards.budgetReleasedAt)))
    .limit(limit);
  return rows;
}

/** Records that the campaign object has these rewards' charges back, so no sweep asks again. */
export async function markBudgetReleased(db: Db, rewardIds: string[], at = new Date()): Promise<void> {
  if (!rewardIds.length) return;
  // One statement whatever the count: the ids travel as one bound JSON array.
  await db
    .update(rewards)
    .set({ budgetReleasedAt: at.toISOString() })
    .where(and(inValues(rewards.id, rewardIds), eq(rewards.status, 'cancelled'), isNull(rewards.budgetReleasedAt)));
}
