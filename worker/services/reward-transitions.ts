import { and, eq, inArray, isNotNull, isNull, lte, ne, or, sql } from 'drizzle-orm';
import { rowsPerInsert } from '../db/d1-limits';
import type { Db } from '../db/client';
import { type Reward, rewards, type Voucher, vouchers } from '../db/schema';
import { eventId, eventInsert } from './events';
import { toRewardResource } from './rewards';
import { drawEventIds, lowStockEventInsert, pendingLowStockEventIds, type RewardEventType, rewardEventsInsert, voucherEventsInsert } from './state-events';

/**
 * Every state change of a reward or a voucher happens here, each as ONE `db.batch([...])`
 * of state-guarded statements: a statement only touches rows still in the state it expects,
 * so concurrent callers cannot both win and nothing half-applies. An outbox insert (webhooks)
 * belongs in the same batch as the change it reports.
 */

export type Transition = 'approve' | 'pay' | 'cancel';

/** Legal source states of each transition. */
export const TRANSITION_FROM: Record<Transition, Reward['status'][]> = {
  approve: ['pending'],
  pay: ['approved'],
  cancel: ['pending', 'approved'],
};

export interface TransitionOptions {
  payoutReference?: string | null;
  reason?: string | null;
}

/** Ids per update: the statement binds up to 12 other values (the SET, environment, statuses, type). */
const IDS_PER_STATEMENT = rowsPerInsert(1, 12);

const chunks = <T>(items: T[], size: number) => Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));

/** A reward issued by hand: its insert, its `reward.created` event and, for a voucher, its draw, in one batch. */
export async function issueReward(db: Db, row: Reward): Promise<string[]> {
  const draws = row.type === 'voucher' && row.voucherPoolId ? voucherDrawStatements(db, row.environmentId, row.id, row.voucherPoolId) : [];
  const created = { environmentId: row.environmentId, type: 'reward.created' as const, data: toRewardResource(row), id: await eventId('reward.created', row.id), createdAt: row.createdAt };
  await db.batch([db.insert(rewards).values(row), eventInsert(db, created), ...draws]);
  if (!draws.length || !row.voucherPoolId) return [created.id];
  return [created.id, ...drawEventIds(row.id), ...(await pendingLowStockEventIds(db, [row.voucherPoolId]))];
}

/** Each transition's event, and the column that holds the moment it happened. */
export const TRANSITION_EVENT: Record<Transition, { type: RewardEventType; status: Reward['status']; at: string }> = {
  approve: { type: 'reward.approved', status: 'approved', at: 'approved_at' },
  pay: { type: 'reward.paid', status: 'paid', at: 'paid_at' },
  cancel: { type: 'reward.cancelled', status: 'cancelled', at: 'cancelled_at' },
};

/** Rewards of `ids` that this batch just moved into `status` at `now` (their events' condition). */
const movedAt = (ids: string[], status: Reward['status'], at: string, now: string) =>
  sql`r.id IN (SELECT value FROM json_each(${JSON.stringify(ids)})) AND r.status = ${status} AND ${sql.raw(`r.${at}`)} = ${now}`;

/** Applies one transition to the given rewards; returns the rows it changed (as they are now). */
export async function transitionRewards(db: Db, environmentId: string, transition: Transition, ids: string[], options: TransitionOptions = {}): Promise<Reward[]> {
  if (!ids.length) return [];
  const now = new Date().toISOString();
  const set =
    transition === 'approve'
      ? { status: 'approved' as const, statusReason: null, approvedAt: now, updatedAt: now }
      : transition === 'pay'
        ? { status: 'paid' as const, statusReason: null, paidAt: now, payoutReference: options.payoutReference ?? null, updatedAt: now }
        : { status: 'cancelled' as const, statusReason: options.reason ?? 'cancelled_by_admin', cancelledAt: now, updatedAt: now };
  // A voucher reward is payable only once it holds a code.
  const payable = transition === 'approve' ? or(ne(rewards.type, 'voucher'), isNotNull(rewards.voucherCode)) : undefined;
  const event = TRANSITION_EVENT[transition];
  const statements = chunks(ids, IDS_PER_STATEMENT).flatMap((chunk) => [
    db
      .update(rewards)
      .set(set)
      .where(and(eq(rewards.environmentId, environmentId), inArray(rewards.id, chunk), inArray(rewards.status, TRANSITION_FROM[transition]), payable))
      .returning(),
    rewardEventsInsert(db, event.type, sql`r.environment_id = ${environmentId} AND ${movedAt(chunk, event.status, event.at, now)}`, now),
  ]);
  const results = await db.batch(statements as unknown as [(typeof statements)[number], ...(typeof statements)[number][]]);
  // Even places hold the updates' returned rows; odd places the event inserts.
  return results.filter((_, i) => i % 2 === 0).flat() as Reward[];
}

/**
 * Rewards held for a refund window become payable once `hold_until` passes. Run lazily before
 * rewards are read or changed, so every reader sees the released state.
 */
export async function releaseDueHolds(db: Db, environmentId: string, at = new Date()): Promise<number> {
  const now = at.toISOString();
  const [released] = await db.batch([
    db
      .update(rewards)
      .set({ status: 'approved', statusReason: null, approvedAt: now, updatedAt: now })
      .where(and(eq(rewards.environmentId, environmentId), eq(rewards.status, 'pending'), eq(rewards.statusReason, 'on_hold'), lte(rewards.holdUntil, now)))
      .returning({ id: rewards.id }),
    // Any reward approved at this very moment matches too; its event id is the same whoever writes it.
    rewardEventsInsert(db, 'reward.approved', sql`r.environment_id = ${environmentId} AND r.status = 'approved' AND r.approved_at = ${now}`, now),
  ]);
  return released.length;
}

/** The campaign object's alarm: these held rewards are released if their hold has passed (and they are still held). */
export async function releaseHeldRewards(db: Db, ids: string[], at = new Date()): Promise<number> {
  if (!ids.length) return 0;
  const now = at.toISOString();
  const statements = chunks(ids, IDS_PER_STATEMENT).flatMap((chunk) => [
    db
      .update(rewards)
      .set({ status: 'approved', statusReason: null, approvedAt: now, updatedAt: now })
      .where(and(inArray(rewards.id, chunk), eq(rewards.status, 'pending'), eq(rewards.statusReason, 'on_hold'), lte(rewards.holdUntil, now)))
      .returning({ id: rewards.id }),
    rewardEventsInsert(db, 'reward.approved', movedAt(chunk, 'approved', 'approved_at', now), now),
  ]);
  const results = await db.batch(statements as unknown as [(typeof statements)[number], ...(typeof statements)[number][]]);
  return results.filter((_, i) => i % 2 === 0).flat().length;
}

/**
 * Statements that give a waiting voucher reward the oldest available code of its pool, or
 * mark it `pool_empty` when there is none. Each statement re-checks the reward's state, and a
 * voucher is taken only while it is still `available`, so however many draws run at once a
 * voucher goes to one reward and a reward gets one voucher. Put them in the same batch as the
 * reward's insert (or run them alone to refill).
 */
export function voucherDrawStatements(db: Db, environmentId: string, rewardId: string, poolId: string) {
  const now = new Date().toISOString();
  const waiting = and(eq(rewards.id, rewardId), eq(rewards.status, 'pending'), isNull(rewards.voucherCode));
  const holdsVoucher = sql`EXISTS (SELECT 1 FROM vouchers WHERE reward_id = ${rewardId})`;
  return [
    db
      .update(vouchers)
      .set({ status: 'assigned', rewardId, assignedAt: now })
      .where(
        and(
          sql`rowid = (SELECT rowid FROM vouchers WHERE environment_id = ${environmentId} AND pool_id = ${poolId} AND status = 'available' ORDER BY rowid LIMIT 1)`,
          eq(vouchers.status, 'available'),
          sql`EXISTS (SELECT 1 FROM rewards WHERE id = ${rewardId} AND status = 'pending' AND voucher_code IS NULL)`,
        ),
      ),
    // A reward awaiting an admin's approval keeps waiting for it, with its code reserved.
    db
      .update(rewards)
      .set({
        voucherCode: sql`(SELECT code FROM vouchers WHERE reward_id = ${rewardId})`,
        status: sql`CASE WHEN ${rewards.statusReason} = 'awaiting_approval' THEN 'pending' ELSE 'approved' END`,
        statusReason: sql`CASE WHEN ${rewards.statusReason} = 'awaiting_approval' THEN 'awaiting_approval' END`,
        approvedAt: sql`CASE WHEN ${rewards.statusReason} = 'awaiting_approval' THEN NULL ELSE ${now} END`,
        updatedAt: now,
      })
      .where(and(waiting, holdsVoucher))
      .returning({ id: rewards.id }),
    db
      .update(rewards)
      .set({ statusReason: 'pool_empty', updatedAt: now })
      .where(and(waiting, sql`${rewards.statusReason} IS NOT 'pool_empty' AND ${rewards.statusReason} IS NOT 'awaiting_approval'`)),
    ...drawEvents(db, rewardId, poolId, now),
  ] as const;
}

/** The events of one draw: the voucher assigned, the reward approved with it, and a low pool's warning. */
function drawEvents(db: Db, rewardId: string, poolId: string, now: string) {
  return [
    voucherEventsInsert(db, 'voucher.assigned', sql`v.reward_id = ${rewardId} AND v.assigned_at = ${now}`, now),
    rewardEventsInsert(db, 'reward.approved', sql`r.id = ${rewardId} AND r.status = 'approved' AND r.approved_at = ${now}`, now),
    lowStockEventInsert(db, poolId, now),
  ] as const;
}

const REFILL_BATCH = 100;

/** After an upload: waiting rewards of the pool draw codes, oldest reward first, until either runs out. */
export async function refillWaitingRewards(db: Db, environmentId: string, poolId: string): Promise<{ filled: number; eventIds: string[] }> {
  let filled = 0;
  const eventIds: string[] = [];
  const done = async () => ({ filled, eventIds: [...eventIds, ...(filled ? await pendingLowStockEventIds(db, [poolId]) : [])] });
  for (;;) {
    const waiting = await db
      .select({ id: rewards.id })
      .from(rewards)
      .where(and(eq(rewards.environmentId, environmentId), eq(rewards.voucherPoolId, poolId), eq(rewards.status, 'pending'), eq(rewards.type, 'voucher'), sql`${rewards.voucherCode} IS NULL`))
      .orderBy(rewards.createdAt, rewards.id)
      .limit(REFILL_BATCH);
    if (!waiting.length) return done();
    // The draw, the reward update and their events: a reward that finds the pool empty keeps its reason.
    const statements = waiting.flatMap((r) => {
      const [draw, update, , ...events] = voucherDrawStatements(db, environmentId, r.id, poolId);
      return [draw, update, ...events];
    });
    const results: unknown[] = await db.batch(statements as unknown as [(typeof statements)[number], ...(typeof statements)[number][]]);
    const perReward = statements.length / waiting.length;
    const drawn = results.filter((_, i) => i % perReward === 1).reduce((n: number, r) => n + (r as { id: string }[]).length, 0);
    filled += drawn;
    eventIds.push(...waiting.flatMap((r) => drawEventIds(r.id)));
    if (drawn < waiting.length) return done();
  }
}

/** Marks a voucher used; only an assigned voucher can be redeemed, and only once. */
export async function redeemVoucher(db: Db, environmentId: string, code: string): Promise<Voucher | undefined> {
  const now = new Date().toISOString();
  const [redeemed] = await db.batch([
    db
      .update(vouchers)
      .set({ status: 'redeemed', redeemedAt: now })
      .where(and(eq(vouchers.environmentId, environmentId), eq(vouchers.code, code), eq(vouchers.status, 'assigned')))
      .returning(),
    voucherEventsInsert(db, 'voucher.redeemed', sql`v.environment_id = ${environmentId} AND v.code = ${code} AND v.status = 'redeemed' AND v.redeemed_at = ${now}`, now),
  ]);
  return redeemed[0];
}

/** Codes per insert statement: one bound JSON array, well under D1's statement and value limits. */
const CODES_PER_STATEMENT = 5_000;

/**
 * Adds codes to a pool as one batch (all or nothing). Codes the environment already has are
 * skipped by the unique index; returns the codes actually inserted. Insert order is draw order.
 */
export async function insertVoucherCodes(db: Db, environmentId: string, poolId: string, codes: string[]): Promise<Set<string>> {
  if (!codes.length) return new Set();
  const now = new Date().toISOString();
  // One bound JSON array per statement (D1 binds at most 100 parameters); columns in table order.
  const statements = chunks(codes, CODES_PER_STATEMENT).map((chunk) =>
    db
      .insert(vouchers)
      .select(
        sql`SELECT 'vch_' || lower(hex(randomblob(10))), ${environmentId}, ${poolId}, value, 'available', NULL, NULL, NULL, ${now} FROM json_each(${JSON.stringify(chunk)}) WHERE true`,
      )
      .onConflictDoNothing()
      .returning({ code: vouchers.code }),
  );
  const results = await db.batch(statements as unknown as [(typeof statements)[number], ...(typeof statements)[number][]]);
  return new Set(results.flat().map((r) => r.code));
}
