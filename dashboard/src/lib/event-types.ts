import type { EventType } from './api-types';

/** Every event type, exhaustively (a type the Worker adds to `EVENT_TYPES` breaks this object's typecheck). */
const EVENTS: Record<EventType, true> = {
  'user.created': true,
  'user.updated': true,
  'user.deleted': true,
  'referral.created': true,
  'referral.qualified': true,
  'referral.refunded': true,
  'reward.created': true,
  'reward.approved': true,
  'reward.paid': true,
  'reward.cancelled': true,
  'voucher.assigned': true,
  'voucher.redeemed': true,
  'voucher_pool.low_stock': true,
  'campaign.updated': true,
};
export const EVENT_TYPES = Object.keys(EVENTS) as EventType[];
