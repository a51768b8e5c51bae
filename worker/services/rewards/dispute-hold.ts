import { and, eq, inArray, sql } from 'drizzle-orm';
import { referrals, rewards } from '../../db/schema';
import type { ServiceContext } from '../../lib/service-context';

/**
 * A payment dispute: the order's unpaid rewards are flagged for review (`needs_review`), the flag
 * a refund sets on paid ones. Nothing is cancelled: the dispute may be won. One D1 batch.
 */
export async function holdOrderForReview(ctx: ServiceContext, orderId: string): Promise<{ saleIds: string[]; held: number }> {
  const environmentId = ctx.caller.environmentId;
  const sales = and(eq(referrals.environmentId, environmentId), eq(referrals.orderId, orderId), eq(referrals.type, 'sale'));
  const now = new Date().toISOString();
  const [saleRows, heldRows] = await ctx.db.batch([
    ctx.db.select({ id: referrals.id }).from(referrals).where(sales),
    ctx.db
      .update(rewards)
      .set({ needsReview: true, updatedAt: now })
      .where(
        and(
          eq(rewards.environmentId, environmentId),
          inArray(rewards.status, ['pending', 'approved']),
          sql`${rewards.referralId} IN (SELECT id FROM referrals WHERE environment_id = ${environmentId} AND order_id = ${orderId} AND type = 'sale')`,
        ),
      )
      .returning({ id: rewards.id }),
  ]);
  return { saleIds: saleRows.map((r) => r.id), held: heldRows.length };
}
