import type { Reward } from '../../db/schema';

/** A reward as the API answers it (and as its webhook events carry it). */
export function toRewardResource(r: Reward) {
  return {
    id: r.id,
    object: 'reward' as const,
    campaign_id: r.campaignId,
    referral_id: r.referralId,
    user_id: r.userId,
    recipient: r.recipient,
    type: r.type,
    amount: r.amount,
    currency: r.currency,
    points: r.points,
    voucher_pool_id: r.voucherPoolId,
    voucher_code: r.voucherCode,
    status: r.status,
    status_reason: r.statusReason,
    hold_until: r.holdUntil,
    needs_review: r.needsReview,
    rule_id: r.ruleId,
    rules_version: r.rulesVersion,
    note: r.note,
    payout_reference: r.payoutReference,
    reversed_amount: r.reversedAmount,
    payout_id: r.payoutId,
    approved_at: r.approvedAt,
    paid_at: r.paidAt,
    cancelled_at: r.cancelledAt,
    created_at: r.createdAt,
    updated_at: r.updatedAt,
  };
}

export type RewardResource = ReturnType<typeof toRewardResource>;
