import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../db/client';
import { referrals, rewards } from '../db/schema';
import type { BudgetRelease } from '../services/budget-releases';
import { voucherDrawStatements } from '../services/reward-transitions';
import type { EventResult } from './campaign-events';

/**
 * Writes one evaluated event into D1. Safe to run any number of times: inserts
 * ignore rows that exist, and the clawback only touches rewards still in the state
 * it expects, so a retried projection changes nothing twice. Returns the rewards this
 * run cancelled that had charged the campaign's budget, with what each charged (the
 * campaign object gives it back, keyed by reward; a cancel whose answer was lost is found
 * later by the object's sweep through `budget_released_at`).
 */
export async function project(db: Db, result: EventResult): Promise<BudgetRelease[]> {
  const { referral, clawback } = result;
  const writes = [
    db.insert(referrals).values(referral).onConflictDoNothing(),
    ...(result.rewards.length ? [db.insert(rewards).values(result.rewards).onConflictDoNothing()] : []),
  ] as const;
  if (!clawback) {
    // Voucher rewards draw their code in the same transaction as their insert (a no-op on a retry).
    const draws = result.rewards.flatMap((r) => (r.type === 'voucher' && r.voucherPoolId ? voucherDrawStatements(db, r.environmentId, r.id, r.voucherPoolId) : []));
    await db.batch([...writes, ...draws]);
    return [];
  }
  const now = new Date().toISOString();
  const results: unknown[] = await db.batch([
    ...writes,
    db.update(referrals).set({ status: 'refunded' }).where(eq(referrals.id, clawback.referralId)),
    db
      .update(rewards)
      .set({ status: 'cancelled', statusReason: 'refunded', cancelledAt: now, updatedAt: now })
      .where(and(inArray(rewards.id, clawback.rewardIds.length ? clawback.rewardIds : ['']), inArray(rewards.status, ['pending', 'approved'])))
      .returning({ rewardId: rewards.id, amount: rewards.budgetCharged }),
    db
      .update(rewards)
      .set({ needsReview: true, updatedAt: now })
      .where(and(inArray(rewards.id, clawback.rewardIds.length ? clawback.rewardIds : ['']), eq(rewards.status, 'paid'))),
  ]);
  // The cancel statement follows the inserts and the referral update. What a reward charged
  // is what it gives back: the currency the budget has today does not matter.
  const cancelled = (results[writes.length + 1] ?? []) as BudgetRelease[];
  return cancelled.filter((r) => r.amount > 0);
}
