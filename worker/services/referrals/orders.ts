import { and, eq } from 'drizzle-orm';
import { type OrderClaim, orderClaims, referrals } from '../../db/schema';
import { conflict } from '../../lib/errors';
import type { ServiceContext } from '../../lib/service-context';

/**
 * An order id is one sale per environment, whichever campaign its code belongs to (docs/money.md).
 * The first sale of an order claims it for its campaign; the same order sent again in that campaign
 * is a duplicate (the campaign object answers with the first result), sent in another campaign it
 * is refused with 409 `order-already-recorded` (nothing is rewarded twice, nothing is guessed).
 */
export async function claimOrder(ctx: ServiceContext, orderId: string, campaignId: string, referrerId: string): Promise<void> {
  const environmentId = ctx.caller.environmentId;
  const [, rows] = await ctx.db.batch([
    ctx.db.insert(orderClaims).values({ environmentId, orderId, campaignId, referrerId }).onConflictDoNothing(),
    ctx.db
      .select()
      .from(orderClaims)
      .where(and(eq(orderClaims.environmentId, environmentId), eq(orderClaims.orderId, orderId))),
  ]);
  checkClaim(orderId, rows[0] as OrderClaim | undefined, campaignId);
}

/** Refuses an order another campaign of the environment already holds (409). */
export function checkClaim(orderId: string, claim: Pick<OrderClaim, 'campaignId'> | undefined, campaignId: string): void {
  if (claim && claim.campaignId !== campaignId) {
    throw conflict('order-already-recorded', 'Order already recorded', `Order '${orderId}' is already recorded as a sale of campaign ${claim.campaignId}; an order counts once per environment.`, [
      { field: 'order_id', message: `Already a sale of campaign ${claim.campaignId}.` },
    ]);
  }
}

/**
 * Every campaign holding a sale of this order, each with the sale's referrer: the claim, plus
 * sales recorded before claims existed (an order rewarded in two campaigns by older versions).
 */
export async function orderCampaigns(ctx: ServiceContext, orderId: string): Promise<{ campaignId: string; referrerId: string }[]> {
  const environmentId = ctx.caller.environmentId;
  const [claims, sales] = await ctx.db.batch([
    ctx.db
      .select({ campaignId: orderClaims.campaignId, referrerId: orderClaims.referrerId })
      .from(orderClaims)
      .where(and(eq(orderClaims.environmentId, environmentId), eq(orderClaims.orderId, orderId))),
    ctx.db
      .select({ campaignId: referrals.campaignId, referrerId: referrals.referrerId })
      .from(referrals)
      .where(and(eq(referrals.environmentId, environmentId), eq(referrals.type, 'sale'), eq(referrals.orderId, orderId))),
  ]);
  const seen = new Map<string, { campaignId: string; referrerId: string }>();
  for (const row of [...claims, ...sales]) if (!seen.has(row.campaignId)) seen.set(row.campaignId, row);
  return [...seen.values()];
}
