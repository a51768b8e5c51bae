import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { events } from '../db/schema';
import { eventId, eventIdSql } from './events';

/**
 * Events for reward and voucher state changes, written by SQL in the SAME batch as the change
 * (the transactional outbox). The row after the change exists only inside that batch, so the
 * event's `data` is built by SQLite from it: the JSON below mirrors toRewardResource,
 * toVoucherResource and toPoolResource, and test/webhooks/state-events.test.ts holds each equal
 * to what the API answers for the same object.
 *
 * Each transition happens at most once per object (a reward is approved, paid or cancelled once;
 * a voucher is assigned and redeemed once), so the event id is `eventId`'s: derived from the object
 * and the transition, a batch that lost a race, or ran twice, inserts nothing.
 */

export type RewardEventType = 'reward.approved' | 'reward.paid' | 'reward.cancelled';
export type VoucherEventType = 'voucher.assigned' | 'voucher.redeemed';


export const REWARD_JSON = sql.raw(`json_object(
  'id', r.id, 'object', 'reward', 'campaign_id', r.campaign_id, 'referral_id', r.referral_id, 'user_id', r.user_id,
  'recipient', r.recipient, 'type', r.type, 'amount', r.amount, 'currency', r.currency, 'points', r.points,
  'voucher_pool_id', r.voucher_pool_id, 'voucher_code', r.voucher_code, 'status', r.status, 'status_reason', r.status_reason,
  'hold_until', r.hold_until, 'needs_review', json(CASE WHEN r.needs_review THEN 'true' ELSE 'false' END),
  'rule_id', r.rule_id, 'rules_version', r.rules_version, 'note', r.note, 'payout_reference', r.payout_reference,
  'approved_at', r.approved_at, 'paid_at', r.paid_at, 'cancelled_at', r.cancelled_at, 'created_at', r.created_at, 'updated_at', r.updated_at)`);

const VOUCHER_JSON = sql.raw(`json_object(
  'id', v.id, 'object', 'voucher', 'code', v.code, 'pool_id', v.pool_id, 'status', v.status, 'reward_id', v.reward_id,
  'assigned_at', v.assigned_at, 'redeemed_at', v.redeemed_at, 'created_at', v.created_at)`);

const stockOf = (status: string) => sql.raw(`(SELECT count(*) FROM vouchers WHERE pool_id = p.id AND status = '${status}')`);
const TOTAL = sql.raw('(SELECT count(*) FROM vouchers WHERE pool_id = p.id)');
const WAITING = sql.raw(
  "(SELECT count(*) FROM rewards WHERE voucher_pool_id = p.id AND status = 'pending' AND type = 'voucher' AND voucher_code IS NULL)",
);
const POOL_JSON = sql`json_object(
  'id', p.id, 'object', 'voucher_pool', 'name', p.name, 'campaign_id', p.campaign_id, 'currency', p.currency, 'value', p.value,
  'low_stock_threshold', p.low_stock_threshold,
  'stock', json_object('available', ${stockOf('available')}, 'assigned', ${stockOf('assigned')}, 'redeemed', ${stockOf('redeemed')}, 'total', ${TOTAL}, 'waiting_rewards', ${WAITING}),
  'low_stock', json(CASE WHEN ${stockOf('available')} < p.low_stock_threshold THEN 'true' ELSE 'false' END),
  'created_at', p.created_at, 'updated_at', p.updated_at)`;

/**
 * One event per reward matching `where` (a condition on alias `r` that only the rows this batch
 * just changed satisfy, e.g. `r.status = 'paid' AND r.paid_at = <now>`).
 */
export function rewardEventsInsert(db: Db, type: RewardEventType, where: SQL, now: string) {
  return db
    .insert(events)
    .select(sql`SELECT ${eventIdSql(type, sql.raw('r.id'))}, r.environment_id, ${type}, ${REWARD_JSON}, ${now}, NULL FROM rewards r WHERE ${where}`)
    .onConflictDoNothing();
}

/**
 * One event per voucher matching `where` (alias `v`). `voucher.assigned` is keyed by the reward
 * (a reward holds one voucher, ever), so whoever drew for a reward knows the event's id.
 */
export function voucherEventsInsert(db: Db, type: VoucherEventType, where: SQL, now: string) {
  const key = sql.raw(type === 'voucher.assigned' ? 'v.reward_id' : 'v.id');
  return db
    .insert(events)
    .select(sql`SELECT ${eventIdSql(type, key)}, v.environment_id, ${type}, ${VOUCHER_JSON}, ${now}, NULL FROM vouchers v WHERE ${where}`)
    .onConflictDoNothing();
}

/** The events a draw for this reward may have written (publishing an id that was not written is harmless). */
export const drawEventIds = (rewardId: string) => [eventId('voucher.assigned', rewardId), eventId('reward.approved', rewardId)];

/**
 * `voucher_pool.low_stock` when the pool's available codes are below its threshold. Once per
 * stock level: the id carries the pool's total code count, which only an upload changes, so a
 * pool warns once, and again only after codes were added and it ran low once more.
 */
export function lowStockEventInsert(db: Db, poolId: string, now: string) {
  return db
    .insert(events)
    .select(
      sql`SELECT 'evt_' || p.id || '_low_stock_' || ${TOTAL}, p.environment_id, 'voucher_pool.low_stock', ${POOL_JSON}, ${now}, NULL
          FROM voucher_pools p WHERE p.id = ${poolId} AND ${stockOf('available')} < p.low_stock_threshold`,
    )
    .onConflictDoNothing();
}

/** Low-stock warnings of these pools not yet handed to delivery (for publishing right after a draw). */
export async function pendingLowStockEventIds(db: Db, poolIds: string[]): Promise<string[]> {
  if (!poolIds.length) return [];
  const rows = await db
    .select({ id: events.id })
    .from(events)
    .where(sql`${events.dispatchedAt} IS NULL AND ${events.type} = 'voucher_pool.low_stock' AND ${events.id} IN (SELECT 'evt_' || p.id || '_low_stock_' || (SELECT count(*) FROM vouchers WHERE pool_id = p.id) FROM voucher_pools p WHERE p.id IN (SELECT value FROM json_each(${JSON.stringify(poolIds)})))`)
    .all();
  return rows.map((r) => r.id);
}
