import type { RewardResource } from '../../domain/resources/reward';
import { toRewardResource } from '../../domain/resources/reward';
import { and, count, eq, inArray, isNull, or, sql } from 'drizzle-orm';
import { inValues } from '../../db/d1-limits';
import type { Db } from '../../db/client';
import { type Reward, rewards, users, voucherPools } from '../../db/schema';
import { notFound, unprocessable } from '../../lib/errors';
import { newId } from '../../lib/ids';
import { type ListRequest, type ListSpec, listPage, pickFields } from '../../lib/list-query';
import { findCampaign } from '../campaigns/campaigns';
import { publishEvents } from '../../outbox/events';
import type { ServiceContext } from '../../lib/service-context';
import { issueReward, releaseHolds, releaseHoldsStatements } from '../../ledger/reward-transitions';

export const rewardListSpec: ListSpec = {
  columns: {
    id: rewards.id,
    status: rewards.status,
    status_reason: rewards.statusReason,
    type: rewards.type,
    recipient: rewards.recipient,
    campaign_id: rewards.campaignId,
    user_id: rewards.userId,
    referral_id: rewards.referralId,
    voucher_pool_id: rewards.voucherPoolId,
    amount: rewards.amount,
    currency: rewards.currency,
    points: rewards.points,
    hold_until: rewards.holdUntil,
    created_at: rewards.createdAt,
    updated_at: rewards.updatedAt,
  },
  fields: Object.keys(toRewardResource({} as Reward)),
  relations: [],
  defaultOrder: 'created_at',
};

/**
 * Reads after releasing the holds that have passed, in ONE db.batch (one transaction, one round
 * trip): the answer shows a passed hold as approved. The reads are the batch's last statements.
 */
export async function afterReleasingHolds<T extends unknown[]>(ctx: ServiceContext, reads: unknown[]): Promise<T> {
  const statements = [...releaseHoldsStatements(ctx.db, { environmentId: ctx.caller.environmentId }), ...reads];
  const results = await ctx.db.batch(statements as unknown as Parameters<typeof ctx.db.batch>[0]);
  return results.slice(results.length - reads.length) as unknown as T;
}

export async function listRewards(ctx: ServiceContext, request: ListRequest) {
  return listPage(ctx.origin, request, rewardListSpec, {
    idColumn: rewards.id,
    scope: eq(rewards.environmentId, ctx.caller.environmentId),
    select: (where) => ctx.db.select().from(rewards).where(where),
    count: (where) => ctx.db.select({ total: count() }).from(rewards).where(where),
    run: (page, total) => afterReleasingHolds<[Reward[], { total: number }[]]>(ctx, [page, total]),
  }, (rows, query) => rows.map((r) => pickFields(toRewardResource(r), query.fields, [])));
}

export async function findReward(db: Db, environmentId: string, id: string) {
  return db
    .select()
    .from(rewards)
    .where(and(eq(rewards.environmentId, environmentId), eq(rewards.id, id)))
    .get();
}

export async function getReward(ctx: ServiceContext, id: string): Promise<RewardResource> {
  const [[row]] = await afterReleasingHolds<[Reward[]]>(ctx, [
    ctx.db.select().from(rewards).where(and(eq(rewards.environmentId, ctx.caller.environmentId), eq(rewards.id, id))),
  ]);
  if (!row) throw notFound('reward', id);
  return toRewardResource(row);
}

export interface ManualRewardInput {
  user_id: string;
  recipient: 'referrer' | 'referee';
  campaign_id?: string;
  type: 'cash' | 'credit' | 'points' | 'voucher';
  amount?: number;
  currency?: string;
  points?: number;
  pool_id?: string;
  note?: string;
  status: 'approved' | 'pending';
}

const cannotIssue = (field: string, message: string) => unprocessable('unknown-reference', 'Cannot issue this reward', message, [{ field, message }]);

/**
 * Issues a reward by hand into the same ledger as the rules engine's. A voucher reward draws
 * its code in the same batch as its insert. Hand-issued rewards are an admin's decision and
 * do not count against the campaign's rules budget.
 */
export async function createManualReward(ctx: ServiceContext, input: ManualRewardInput): Promise<RewardResource> {
  const env = ctx.caller.environmentId;
  const user = await ctx.db
    .select()
    .from(users)
    .where(and(eq(users.environmentId, env), isNull(users.deletedAt), or(eq(users.id, input.user_id), eq(users.externalId, input.user_id))))
    .orderBy(sql`${users.id} = ${input.user_id} DESC`)
    .get();
  if (!user) throw cannotIssue('user_id', `No user with id or external id '${input.user_id}' in this environment.`);
  const campaignId = input.campaign_id ?? user.campaignId;
  if (!(await findCampaign(ctx.db, env, campaignId))) throw cannotIssue('campaign_id', `No campaign '${campaignId}' in this environment.`);
  if (input.type === 'voucher') {
    const pool = await ctx.db
      .select({ id: voucherPools.id })
      .from(voucherPools)
      .where(and(eq(voucherPools.environmentId, env), eq(voucherPools.id, input.pool_id as string)))
      .get();
    if (!pool) throw cannotIssue('pool_id', `No voucher pool '${input.pool_id}' in this environment.`);
  }
  const now = new Date().toISOString();
  const isVoucher = input.type === 'voucher';
  const row: Reward = {
    id: newId('rwd'),
    environmentId: env,
    campaignId,
    referralId: null,
    userId: user.id,
    recipient: input.recipient,
    type: input.type,
    amount: input.type === 'cash' || input.type === 'credit' ? (input.amount ?? null) : null,
    currency: input.type === 'cash' || input.type === 'credit' ? (input.currency ?? null) : null,
    points: input.type === 'points' ? (input.points ?? null) : null,
    voucherPoolId: isVoucher ? (input.pool_id ?? null) : null,
    voucherCode: null,
    status: isVoucher ? 'pending' : input.status,
    // A pending voucher gets its code reserved but waits for approval, like a manual-approval rule's.
    statusReason: input.status === 'pending' ? 'awaiting_approval' : isVoucher ? 'awaiting_voucher' : null,
    holdUntil: null,
    needsReview: false,
    ruleId: null,
    rulesVersion: null,
    note: input.note ?? null,
    budgetCharged: 0,
    budgetReleasedAt: null,
    payoutReference: null,
    reversedAmount: 0,
    proportional: false,
    payoutId: null,
    cause: null,
    approvedAt: !isVoucher && input.status === 'approved' ? now : null,
    paidAt: null,
    cancelledAt: null,
    createdAt: now,
    updatedAt: now,
  };
  await publishEvents(ctx.env, await issueReward(ctx.db, row, ctx.caller));
  return toRewardResource((await findReward(ctx.db, env, row.id)) as Reward);
}

/** `rewards_due` (pending or approved) and `rewards_issued` (paid) of these users, for `with=`. */
export async function rewardsOfUsers(db: Db, environmentId: string, userIds: string[], relations: string[]) {
  const statuses = [...(relations.includes('rewards_due') ? (['pending', 'approved'] as const) : []), ...(relations.includes('rewards_issued') ? (['paid'] as const) : [])];
  const byUser = new Map<string, { due: RewardResource[]; issued: RewardResource[] }>();
  if (!statuses.length || !userIds.length) return byUser;
  await releaseHolds(db, { environmentId });
  // A page of up to 250 users: the ids travel as one bound JSON array (db/d1-limits.ts).
  const rows = await db
    .select()
    .from(rewards)
    .where(and(eq(rewards.environmentId, environmentId), inValues(rewards.userId, userIds), inArray(rewards.status, statuses)))
    .orderBy(rewards.createdAt, rewards.id)
    .all();
  for (const r of rows) {
    const entry = byUser.get(r.userId) ?? { due: [], issued: [] };
    (r.status === 'paid' ? entry.issued : entry.due).push(toRewardResource(r));
    byUser.set(r.userId, entry);
  }
  return byUser;
}
