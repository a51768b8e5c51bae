import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { chunk } from '../db/d1-limits';
import { rewards, type Voucher, vouchers } from '../db/schema';
import { drawEventIds, lowStockEventInsert, pendingLowStockEventIds, rewardEventsInsert, voucherEventsInsert } from '../outbox/state-events';

/**
 * Voucher stock: drawing a code for a reward, refilling waiting rewards after an upload,
 * redeeming, inserting codes. Each change is one `db.batch([...])` of state-guarded statements
 * with its outbox events, like the reward transitions beside it.
 */

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

/**
 * After an upload: waiting rewards of the pool draw codes, oldest reward first, until either runs out.
 * Rewards of one event share their time; they are inserted in rule order, referrer before referee,
 * so the insertion order (rowid) breaks the tie — not the random id.
 */
export async function refillWaitingRewards(db: Db, environmentId: string, poolId: string): Promise<{ filled: number; eventIds: string[] }> {
  let filled = 0;
  const eventIds: string[] = [];
  const done = async () => ({ filled, eventIds: [...eventIds, ...(filled ? await pendingLowStockEventIds(db, [poolId]) : [])] });
  for (;;) {
    const waiting = await db
      .select({ id: rewards.id })
      .from(rewards)
      .where(and(eq(rewards.environmentId, environmentId), eq(rewards.voucherPoolId, poolId), eq(rewards.status, 'pending'), eq(rewards.type, 'voucher'), sql`${rewards.voucherCode} IS NULL`))
      .orderBy(rewards.createdAt, sql`rowid`)
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
  const statements = chunk(codes, CODES_PER_STATEMENT).map((codesChunk) =>
    db
      .insert(vouchers)
      .select(
        sql`SELECT 'vch_' || lower(hex(randomblob(10))), ${environmentId}, ${poolId}, value, 'available', NULL, NULL, NULL, ${now} FROM json_each(${JSON.stringify(codesChunk)}) WHERE true`,
      )
      .onConflictDoNothing()
      .returning({ code: vouchers.code }),
  );
  const results = await db.batch(statements as unknown as [(typeof statements)[number], ...(typeof statements)[number][]]);
  return new Set(results.flat().map((r) => r.code));
}
