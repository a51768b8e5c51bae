import type { Referral, Reward } from '../../db/schema';
import { toRewardResource } from './reward';

/** A referral with its rewards, as the API answers it (and as its webhook events carry it). */
export function toReferralResource(r: Referral, rewardRows: Reward[]) {
  return {
    id: r.id,
    object: 'referral' as const,
    type: r.type,
    status: r.status,
    reasons: r.reasons,
    campaign_id: r.campaignId,
    referrer_id: r.referrerId,
    referee_id: r.refereeId,
    amount: r.amount,
    currency: r.currency,
    order_id: r.orderId,
    refund_of: r.refundOf,
    rules_version: r.rulesVersion,
    metadata: r.metadata,
    occurred_at: r.occurredAt,
    created_at: r.createdAt,
    rewards: rewardRows.map(toRewardResource),
  };
}
