import { and, eq, inArray, lt, type SQL, sql } from 'drizzle-orm';
import { chunkIn, chunkInsert, inValues } from '../../db/d1-limits';
import type { Db } from '../../db/client';
import { jsonInsertStatements } from '../../db/json-insert';
import { events, type Referral, referrals, rewards } from '../../db/schema';
import type { BudgetRelease } from '../../ledger/budget-releases';
import { type EventDraft, eventId, eventInsert, eventRow } from '../../outbox/events';
import { toReferralResource } from '../../domain/resources/referral';
import { voucherDrawStatements } from '../../ledger/voucher-stock';
import { drawEventIds, pendingLowStockEventIds } from '../../outbox/state-events';
import { toRewardResource } from '../../domain/resources/reward';
import type { EventResult } from './campaign-events';

/**
 * Writes one evaluated event into D1. Safe to run any number of times: inserts
 * ignore rows that exist, and the clawback only touches rewards still in the state
 * it expects, so a retried projection changes nothing twice. Returns the rewards this
 * run cancelled that had charged the campaign's budget, with what each charged (the
 * campaign object gives it back, keyed by reward; a cancel whose answer was lost is found
 * later by the object's sweep through `budget_released_at`), and the ids of the webhook
 * events it wrote (deterministic, so a rerun writes none twice).
 */
export async function project(db: Db, result: EventResult): Promise<{ cancelled: BudgetRelease[]; eventIds: string[] }> {
  const { referral, clawback } = result;
  const drafts = await outboxEvents(result);
  // Any number of rewards: each multi-row insert stays within D1's bound-variable limit.
  const writes = [
    db.insert(referrals).values(referral).onConflictDoNothing(),
    ...chunkInsert(rewards, result.rewards).map((rows) => db.insert(rewards).values(rows).onConflictDoNothing()),
    ...drafts.map((d) => eventInsert(db, d)),
  ];
  const eventIds = drafts.map((d) => d.id);
  if (!clawback) {
    // Voucher rewards draw their code in the same transaction as their insert (a no-op on a retry).
    const drawing = result.rewards.filter((r) => r.type === 'voucher' && r.voucherPoolId);
    const draws = drawing.flatMap((r) => voucherDrawStatements(db, r.environmentId, r.id, r.voucherPoolId as string));
    const all = [...writes, ...draws];
    await db.batch(all as unknown as [(typeof all)[number], ...(typeof all)[number][]]);
    if (!drawing.length) return { cancelled: [], eventIds };
    const pools = [...new Set(drawing.map((r) => r.voucherPoolId as string))];
    return { cancelled: [], eventIds: [...eventIds, ...drawing.flatMap((r) => drawEventIds(r.id)), ...(await pendingLowStockEventIds(db, pools))] };
  }
  const now = new Date().toISOString();
  const cause = clawback.refundReferralId ?? null;
  if (clawback.full === false) {
    // A partial refund: each percentage reward keeps what the refunded share leaves it (never less
    // than a later refund already took); a paid one's reduction is owed back and flagged for review.
    const reductions = (clawback.reductions ?? []).map((r) =>
      db
        .update(rewards)
        .set({ reversedAmount: r.reversed, cause, needsReview: sql`CASE WHEN ${rewards.status} = 'paid' THEN 1 ELSE ${rewards.needsReview} END`, updatedAt: now })
        .where(and(eq(rewards.id, r.rewardId), inArray(rewards.status, ['pending', 'approved', 'paid']), lt(rewards.reversedAmount, r.reversed))),
    );
    const statements = [...writes, ...reductions];
    await db.batch(statements as unknown as [(typeof statements)[number], ...(typeof statements)[number][]]);
    const reduced = (clawback.reductions ?? []).map((r) => ({ rewardId: r.rewardId, atLeast: r.reversed }));
    return { cancelled: [], eventIds: [...eventIds, ...(await reversedEvents(db, referral.id, reduced))] };
  }
  const ids = clawback.rewardIds.length ? clawback.rewardIds : [''];
  // A cancel binds 7 values besides the ids (5 in SET, 2 source states); a paid reward's reversal binds 4.
  const cancels = chunkIn(ids, 7).map((chunk) =>
    db
      .update(rewards)
      .set({ status: 'cancelled', statusReason: 'refunded', cause, cancelledAt: now, updatedAt: now })
      .where(and(inArray(rewards.id, chunk), inArray(rewards.status, ['pending', 'approved'])))
      .returning({ rewardId: rewards.id, amount: rewards.budgetCharged, currency: rewards.currency }),
  );
  // A refund after payout: the paid reward is reversed in full (a negative entry the next payout nets
  // off: the user owes it back) and flagged for review. Vouchers are only flagged.
  const flags = chunkIn(ids, 4).map((chunk) =>
    db
      .update(rewards)
      .set({
        needsReview: true,
        cause,
        reversedAmount: sql`CASE WHEN ${rewards.type} IN ('cash', 'credit', 'points') THEN coalesce(${rewards.amount}, ${rewards.points}, 0) ELSE ${rewards.reversedAmount} END`,
        updatedAt: now,
      })
      .where(and(inArray(rewards.id, chunk), eq(rewards.status, 'paid'))),
  );
  const statements = [...writes, db.update(referrals).set({ status: 'refunded' }).where(eq(referrals.id, clawback.referralId)), ...cancels, ...flags];
  const results: unknown[] = await db.batch(statements as unknown as [(typeof statements)[number], ...(typeof statements)[number][]]);
  // The refunded sale's events show it as D1 now has it (which rewards were cancelled, which
  // were already paid). They are written after the batch, yet never lost: the campaign object's
  // outbox reruns this whole projection until it returns, and their ids are deterministic.
  const refundedIds = await refundedEvents(db, clawback.referralId);
  // Paid rewards the refund reversed (owed back) are not cancelled: they get reward.reversed.
  const reversedIds = await reversedEvents(db, referral.id, clawback.rewardIds.map((rewardId) => ({ rewardId, atLeast: 1, paid: true })));
  // The cancel statements follow the inserts and the referral update. What a reward charged
  // is what it gives back, to the line of its own currency, whatever the budgets are today.
  const cancelled = results.slice(writes.length + 1, writes.length + 1 + cancels.length).flat() as BudgetRelease[];
  return { cancelled: cancelled.filter((r) => r.amount > 0), eventIds: [...eventIds, ...refundedIds, ...reversedIds] };
}

/**
 * Several events' plain inserts (no clawback, no voucher draw) in ONE D1 batch, one transaction:
 * what a burst of events costs D1 is one round trip, and a few statements whatever its size (one
 * JSON-bound insert per table, more only past the size of one value). Same rows as `project`, so as
 * idempotent; returns the ids of the webhook events written.
 */
export async function projectBurst(db: Db, results: EventResult[]): Promise<string[]> {
  const { statements, eventIds } = await burstStatements(results);
  // Straight to D1's batch: drizzle's (0.45) cannot bind a raw statement's parameters.
  const queries = statements.map((s) => db.run(s).getQuery());
  if (queries.length) await db.$client.batch(queries.map((q) => db.$client.prepare(q.sql).bind(...q.params)));
  return eventIds;
}

/** `projectBurst`'s statements: one insert per table, each binding only its rows' JSON. */
export async function burstStatements(results: EventResult[]): Promise<{ statements: SQL[]; eventIds: string[] }> {
  const drafts = (await Promise.all(results.map(outboxEvents))).flat();
  const statements = [
    ...jsonInsertStatements(referrals, results.map((r) => r.referral)),
    ...jsonInsertStatements(rewards, results.flatMap((r) => r.rewards)),
    ...jsonInsertStatements(events, drafts.map(eventRow)),
  ];
  return { statements, eventIds: drafts.map((d) => d.id) };
}

/** True when `projectBurst` can take this event: nothing to claw back, no voucher to draw. */
export const burstable = (result: EventResult) => !result.clawback && !result.rewards.some((r) => r.type === 'voucher' && r.voucherPoolId);

/** referral.created for every event, referral.qualified when it earned, reward.created per reward. */
async function outboxEvents({ referral, rewards: made }: EventResult): Promise<(EventDraft & { id: string })[]> {
  const resource = toReferralResource(referral, made) as unknown as Record<string, unknown>;
  const base = { environmentId: referral.environmentId, createdAt: referral.createdAt };
  const drafts: (EventDraft & { id: string })[] = [{ ...base, type: 'referral.created', data: resource, id: eventId('referral.created', referral.id) }];
  if (referral.status === 'qualified') drafts.push({ ...base, type: 'referral.qualified', data: resource, id: eventId('referral.qualified', referral.id) });
  for (const reward of made) {
    drafts.push({ ...base, type: 'reward.created', data: toRewardResource(reward) as unknown as Record<string, unknown>, id: eventId('reward.created', reward.id) });
  }
  return drafts;
}

/**
 * reward.reversed for each reward a refund took value from (a partial refund's percentage rewards,
 * a paid reward reversed by a full refund), as D1 holds it after; one event per reward and refund
 * (`refundId`, the refund's referral), so a rerun writes none twice and a second partial refund
 * writes its own. A reward counts once its reversed amount reached `atLeast`: the reduction applied
 * (this run or an earlier one), or a later refund took more.
 */
async function reversedEvents(db: Db, refundId: string, reduced: { rewardId: string; atLeast: number; paid?: boolean }[]): Promise<string[]> {
  if (!reduced.length) return [];
  const rows = await db.select().from(rewards).where(inValues(rewards.id, reduced.map((r) => r.rewardId)));
  const drafts: (EventDraft & { id: string })[] = [];
  for (const reward of rows) {
    const want = reduced.find((r) => r.rewardId === reward.id);
    if (!want || reward.reversedAmount < want.atLeast || (want.paid && reward.status !== 'paid')) continue;
    drafts.push({ id: eventId('reward.reversed', `${reward.id}_${refundId}`), environmentId: reward.environmentId, type: 'reward.reversed', data: toRewardResource(reward) as unknown as Record<string, unknown> });
  }
  if (!drafts.length) return [];
  const [first, ...rest] = drafts.map((d) => eventInsert(db, d));
  await db.batch([first as NonNullable<typeof first>, ...rest]);
  return drafts.map((d) => d.id);
}

/**
 * referral.refunded for the sale, and reward.cancelled for each of its rewards the refund
 * cancelled, as D1 holds them after the clawback. Returns the ids of the events written.
 */
async function refundedEvents(db: Db, referralId: string): Promise<string[]> {
  const [sale, saleRewards] = await db.batch([
    db.select().from(referrals).where(eq(referrals.id, referralId)),
    db.select().from(rewards).where(eq(rewards.referralId, referralId)),
  ]);
  const row = sale[0] as Referral | undefined;
  if (!row) return [];
  const drafts: (EventDraft & { id: string })[] = [
    { id: eventId('referral.refunded', row.id), environmentId: row.environmentId, type: 'referral.refunded', data: toReferralResource(row, saleRewards) as unknown as Record<string, unknown> },
  ];
  for (const reward of saleRewards.filter((r) => r.status === 'cancelled' && r.statusReason === 'refunded')) {
    drafts.push({ id: eventId('reward.cancelled', reward.id), environmentId: reward.environmentId, type: 'reward.cancelled', data: toRewardResource(reward) as unknown as Record<string, unknown> });
  }
  const [first, ...rest] = drafts.map((d) => eventInsert(db, d));
  await db.batch([first as NonNullable<typeof first>, ...rest]);
  return drafts.map((d) => d.id);
}
