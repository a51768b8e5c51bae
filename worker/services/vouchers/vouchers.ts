import { and, eq } from 'drizzle-orm';
import { type Campaign, rewards, users, type Voucher, vouchers } from '../../db/schema';
import type { Rule } from '../../domain/rules/schema';
import { conflict, notFound } from '../../lib/errors';
import { findCampaign } from '../campaigns/campaigns';
import type { ServiceContext } from '../../lib/service-context';
import { publishEvents , eventId } from '../../outbox/events';
import { logReferral } from '../referrals/referrals';
import { redeemVoucher } from '../../ledger/voucher-stock';

/** The event a redemption logs; a campaign qualifies referees by coupon with a rule on this trigger. */
export const REDEEM_TRIGGER = 'voucher_redeemed';

export function toVoucherResource(v: Voucher) {
  return {
    id: v.id,
    object: 'voucher' as const,
    code: v.code,
    pool_id: v.poolId,
    status: v.status,
    reward_id: v.rewardId,
    assigned_at: v.assignedAt,
    redeemed_at: v.redeemedAt,
    created_at: v.createdAt,
  };
}

const refusal = (v: Voucher) =>
  v.status === 'redeemed'
    ? conflict('voucher-already-redeemed', 'Voucher already redeemed', `Voucher ${v.code} was redeemed at ${v.redeemedAt}.`, [{ field: 'status', message: v.status }])
    : conflict('voucher-not-assigned', 'Voucher not assigned', `Voucher ${v.code} is ${v.status}: it was never given to anyone.`, [{ field: 'status', message: v.status }]);

/**
 * Marks a voucher used (once) and, when it was a referee's reward and the campaign has a
 * `voucher_redeemed` rule, logs that event for the referee: the rules decide what it earns
 * (Referral Factory's "qualify by coupon"). The event comes first: its dedupe key is the
 * code, so concurrent or retried redemptions qualify once, and a failure before the voucher
 * is marked leaves it redeemable for the retry instead of redeemed with the referrer unpaid.
 */
export async function redeem(ctx: ServiceContext, rawCode: string) {
  const env = ctx.caller.environmentId;
  const code = rawCode.trim();
  const voucher = await ctx.db
    .select()
    .from(vouchers)
    .where(and(eq(vouchers.environmentId, env), eq(vouchers.code, code)))
    .get();
  if (!voucher) throw notFound('voucher', code);
  if (voucher.status !== 'assigned') throw refusal(voucher);
  const referral = await qualify(ctx, voucher);
  const redeemed = await redeemVoucher(ctx.db, env, code);
  if (!redeemed) {
    const now = (await ctx.db.select().from(vouchers).where(eq(vouchers.id, voucher.id)).get()) ?? voucher;
    throw refusal(now);
  }
  await publishEvents(ctx.env, [eventId('voucher.redeemed', redeemed.id)]);
  return { object: 'voucher_redemption' as const, voucher: toVoucherResource(redeemed), referral };
}

async function qualify(ctx: ServiceContext, voucher: Voucher) {
  if (!voucher.rewardId) return null;
  const env = ctx.caller.environmentId;
  const reward = await ctx.db
    .select()
    .from(rewards)
    .where(and(eq(rewards.environmentId, env), eq(rewards.id, voucher.rewardId)))
    .get();
  // A cancelled reward keeps its code (the shop may still take it), but it earns nobody anything:
  // a reward cancelled for fraud or a refund must not pay the referrer through its coupon.
  if (reward?.recipient !== 'referee' || reward.status === 'cancelled') return null;
  const referee = await ctx.db
    .select()
    .from(users)
    .where(and(eq(users.environmentId, env), eq(users.id, reward.userId)))
    .get();
  if (!referee?.externalId || !referee.referrerId) return null;
  const campaign = (await findCampaign(ctx.db, env, reward.campaignId)) as Campaign | undefined;
  if (!campaign || !(campaign.rules as Rule[]).some((r) => r.trigger === REDEEM_TRIGGER)) return null;
  const { referral } = await logReferral(ctx, { type: REDEEM_TRIGGER, referee: { external_id: referee.externalId }, order_id: `voucher:${voucher.code}` });
  return referral;
}
