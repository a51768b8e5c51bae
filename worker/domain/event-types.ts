/** Every event type an endpoint may subscribe to (and the dashboard offers). */
export const EVENT_TYPES = [
  'user.created',
  'user.updated',
  'user.deleted',
  'referral.created',
  'referral.qualified',
  'referral.refunded',
  'reward.created',
  'reward.approved',
  'reward.paid',
  'reward.cancelled',
  'reward.reversed',
  'voucher.assigned',
  'voucher.redeemed',
  'voucher_pool.low_stock',
  'campaign.updated',
  'campaign.projection_lagging',
  'balance.debited',
  'payout.created',
  'payout.paid',
  'payout.failed',
] as const;

export type EventType = (typeof EVENT_TYPES)[number];
