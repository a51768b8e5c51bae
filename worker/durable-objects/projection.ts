import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../db/client';
import { referrals, rewards } from '../db/schema';
import { voucherDrawStatements } from '../services/reward-transitions';
import type { EventResult } from './campaign-events';

/**
 * Writes one evaluated event into D1. Safe to run any number of times: inserts
 * ignore rows that exist, and the clawback only touches rewards still in the state
 * it expects, so a retried projection changes nothing twice. Returns the money
 * released by rewards this run cancelled (to give back to the campaign budget).
 */
export async function project(db: Db, result: EventResult): Promise<number> {
  const { referral, clawback } = result;
  const writes = [
    db.insert(referrals).values(referral).onConflictDoNothing(),
    ...(result.rewards.length ? [db.insert(rewards).values(result.rewards).onConflictDoNothing()] : []),
  ] as const;
  if (!clawback) {
    // Voucher rewards draw their code in the same transaction as their insert (a no-op on a retry).
    const draws = result.rewards.flatMap((r) => (r.type === 'voucher' && r.voucherPoolId ? voucherDrawStatements(db, r.environmentId, r.id, r.voucherPoolId) : []));
    await db.batch([...writes, ...draws]);
    return 0;
  }
  const now = new Date().toISOString();
  const results: unknown[] = await db.batch([
    ...writes,
    db.update(referrals).set({ status: 'refunded' }).where(eq(referrals.id, clawback.referralId)),
    db
      .update(rewards)
      .set({ status: 'cancelled', statusReason: 'refunded', updatedAt: now })
      .where(and(inArray(rewards.id, clawback.rewardIds.length ? clawback.rewardIds : ['']), inArray(rewards.status, ['pending', 'approved'])))
      .returning({ type: rewards.type, amount: rewards.amount, currency: rewards.currency }),
    db
      .update(rewards)
      .set({ needsReview: true, updatedAt: now })
      .where(and(inArray(rewards.id, clawback.rewardIds.length ? clawback.rewardIds : ['']), eq(rewards.status, 'paid'))),
  ]);
  // The cancel statement follows the inserts and the referral update.
  const released = (results[writes.length + 1] ?? []) as { type: string; amount: number | null; currency: string | null }[];
  return released.reduce(
    (sum, r) => sum + ((r.type === 'cash' || r.type === 'credit') && r.currency === clawback.budgetCurrency ? (r.amount ?? 0) : 0),
    0,
  );
}
