import { and, eq, inArray, isNotNull, isNull, lte, ne, or, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { chunkIn } from '../db/d1-limits';
import { type Reward, rewards } from '../db/schema';
import { eventId, eventInsert } from '../outbox/events';
import { toRewardResource } from '../domain/resources/reward';
import { drawEventIds, pendingLowStockEventIds, type RewardEventType, rewardEventsInsert } from '../outbox/state-events';
import { voucherDrawStatements } from './voucher-stock';
import { type AuditCaller, auditInsert, rewardAuditInsert } from '../outbox/audit';

/**
 * Every state change of a reward happens here (a voucher's in voucher-stock.ts), each as ONE `db.batch([...])`
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


/** A reward issued by hand: its insert, its `reward.created` event and, for a voucher, its draw, in one batch. */
export async function issueReward(db: Db, row: Reward, caller?: AuditCaller): Promise<string[]> {
  const draws = row.type === 'voucher' && row.voucherPoolId ? voucherDrawStatements(db, row.environmentId, row.id, row.voucherPoolId) : [];
  const created = { environmentId: row.environmentId, type: 'reward.created' as const, data: toRewardResource(row), id: eventId('reward.created', row.id), createdAt: row.createdAt };
  const audit = caller ? [auditInsert(db, caller, { action: 'reward.issued', targetType: 'reward', targetId: row.id, before: null, after: created.data }, row.createdAt)] : [];
  await db.batch([db.insert(rewards).values(row), eventInsert(db, created), ...audit, ...draws]);
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

/** The update's own condition, on alias `r` (for the audit insert that runs just before it). */
const willMove = (environmentId: string, ids: string[], transition: Transition) => {
  const from = TRANSITION_FROM[transition].map((st) => sql`${st}`);
  const payable = transition === 'approve' ? sql` AND (r.type <> 'voucher' OR r.voucher_code IS NOT NULL)` : sql``;
  return sql`r.environment_id = ${environmentId} AND r.id IN (SELECT value FROM json_each(${JSON.stringify(ids)})) AND r.status IN (${sql.join(from, sql`, `)})${payable}`;
};

/** The reward's API fields a transition sets (the audit record's `after`). */
function auditChanges(set: Partial<Reward>): Record<string, unknown> {
  return {
    status: set.status,
    status_reason: set.statusReason ?? null,
    updated_at: set.updatedAt,
    ...(set.approvedAt ? { approved_at: set.approvedAt } : {}),
    ...(set.paidAt ? { paid_at: set.paidAt, payout_reference: set.payoutReference ?? null } : {}),
    ...(set.cancelledAt ? { cancelled_at: set.cancelledAt } : {}),
  };
}

/** Applies one transition to the given rewards; returns the rows it changed (as they are now). */
export async function transitionRewards(db: Db, environmentId: string, transition: Transition, ids: string[], options: TransitionOptions = {}, caller?: AuditCaller): Promise<Reward[]> {
  if (!ids.length) return [];
  const now = new Date().toISOString();
  const set =
    transition === 'approve'
      ? { status: 'approved' as const, statusReason: null, approvedAt: now, updatedAt: now }
      : transition === 'pay'
        ? { status: 'paid' as const, statusReason: null, paidAt: now, payoutReference: options.payoutReference ?? null, updatedAt: now }
        : { status: 'cancelled' as const, statusReason: options.reason ?? 'cancelled_by_admin', cancelledAt: now, updatedAt: now };
  // A voucher reward is payable only once it holds a code.
  // A reward reserved in a payout batch is paid by that batch (POST /v1/payouts/{id}/paid), never twice.
  const payable = transition === 'approve' ? or(ne(rewards.type, 'voucher'), isNotNull(rewards.voucherCode)) : transition === 'pay' ? isNull(rewards.payoutId) : undefined;
  const event = TRANSITION_EVENT[transition];
  // The update binds at most 9 values besides the ids (SET, environment, source states, type); the event insert binds the ids as one JSON array.
  const statements = chunkIn(ids, 9).flatMap((chunk) => [
    // An admin's action is audited: one record per reward this batch moves, read just before the move.
    ...(caller ? [rewardAuditInsert(db, caller, event.type, willMove(environmentId, chunk, transition), auditChanges(set), now)] : []),
    db
      .update(rewards)
      .set(set)
      .where(and(eq(rewards.environmentId, environmentId), inArray(rewards.id, chunk), inArray(rewards.status, TRANSITION_FROM[transition]), payable))
      .returning(),
    rewardEventsInsert(db, event.type, sql`r.environment_id = ${environmentId} AND ${movedAt(chunk, event.status, event.at, now)}`, now),
  ]);
  const results = await db.batch(statements as unknown as [(typeof statements)[number], ...(typeof statements)[number][]]);
  // Per chunk: [audit insert,] the update's returned rows, the event insert.
  const width = caller ? 3 : 2;
  return results.filter((_, i) => i % width === width - 2).flat() as Reward[];
}

/**
 * Rewards held for a refund window become payable once `hold_until` passes. The one release,
 * for two callers: whoever reads or changes an environment's rewards first releases its due
 * holds (lazily, so every reader sees the released state), and the campaign object's alarm
 * releases the held rewards it tracks by id. Returns how many were released.
 */
/**
 * The statements of `releaseHolds`, for a caller that runs them in its own db.batch ahead of its
 * reads: a GET that must show released holds pays no extra round trip for them.
 */
export function releaseHoldsStatements(db: Db, scope: { environmentId: string } | { rewardIds: string[] }, at = new Date()) {
  const now = at.toISOString();
  const held = and(eq(rewards.status, 'pending'), eq(rewards.statusReason, 'on_hold'), lte(rewards.holdUntil, now));
  const targets =
    'environmentId' in scope
      ? // Any reward approved at this very moment matches too; its event id is the same whoever writes it.
        [{ where: eq(rewards.environmentId, scope.environmentId), moved: sql`r.environment_id = ${scope.environmentId} AND r.status = 'approved' AND r.approved_at = ${now}` }]
      : // The update binds 7 values besides the ids (4 in SET, 3 in WHERE).
        chunkIn(scope.rewardIds, 7).map((ids) => ({ where: inArray(rewards.id, ids), moved: movedAt(ids, 'approved', 'approved_at', now) }));

  return targets.flatMap((t) => [
    db
      .update(rewards)
      .set({ status: 'approved', statusReason: null, approvedAt: now, updatedAt: now })
      .where(and(t.where, held))
      .returning({ id: rewards.id }),
    rewardEventsInsert(db, 'reward.approved', t.moved, now),
  ]);
}

export async function releaseHolds(db: Db, scope: { environmentId: string } | { rewardIds: string[] }, at = new Date()): Promise<number> {
  const statements = releaseHoldsStatements(db, scope, at);
  if (!statements.length) return 0;
  const results = await db.batch(statements as unknown as [(typeof statements)[number], ...(typeof statements)[number][]]);
  // Even places hold the updates' returned rows; odd places the event inserts.
  return results.filter((_, i) => i % 2 === 0).flat().length;
}
