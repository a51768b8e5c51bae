import { and, count, eq, inArray, isNull, or, sql } from 'drizzle-orm';
import { inValues } from '../db/d1-limits';
import type { Db } from '../db/client';
import { type Reward, rewards, users, voucherPools } from '../db/schema';
import { AppError, notFound } from '../lib/errors';
import { newId } from '../lib/ids';
import { type ListSpec, pagination, parseListQuery, pickFields } from '../lib/list-query';
import { findCampaign } from './campaigns';
import { publishEvents } from './events';
import type { ServiceContext } from './context';
import { issueReward, releaseDueHolds } from './reward-transitions';

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
    approved_at: r.approvedAt,
    paid_at: r.paidAt,
    cancelled_at: r.cancelledAt,
    created_at: r.createdAt,
    updated_at: r.updatedAt,
  };
}

export type RewardResource = ReturnType<typeof toRewardResource>;

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

export async function listRewards(ctx: ServiceContext, url: string) {
  const query = parseListQuery(new URL(url).searchParams, rewardListSpec, rewards.id);
  await releaseDueHolds(ctx.db, ctx.caller.environmentId);
  const scope = and(eq(rewards.environmentId, ctx.caller.environmentId), query.where);
  const [rows, [totals]] = await Promise.all([
    ctx.db
      .select()
      .from(rewards)
      .where(scope)
      .orderBy(...query.orderBy)
      .limit(query.perPage)
      .offset((query.page - 1) * query.perPage),
    ctx.db.select({ total: count() }).from(rewards).where(scope),
  ]);
  return {
    data: rows.map((r) => pickFields(toRewardResource(r), query.fields, [])),
    ...pagination(url, query, totals?.total ?? 0, rows.length),
  };
}

export async function findReward(db: Db, environmentId: string, id: string) {
  return db
    .select()
    .from(rewards)
    .where(and(eq(rewards.environmentId, environmentId), eq(rewards.id, id)))
    .get();
}

export async function getReward(ctx: ServiceContext, id: string): Promise<RewardResource> {
  await releaseDueHolds(ctx.db, ctx.caller.environmentId);
  const row = await findReward(ctx.db, ctx.caller.environmentId, id);
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

const unprocessable = (field: string, message: string) => new AppError(422, 'unknown-reference', 'Cannot issue this reward', message, [{ field, message }]);

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
  if (!user) throw unprocessable('user_id', `No user with id or external id '${input.user_id}' in this environment.`);
  const campaignId = input.campaign_id ?? user.campaignId;
  if (!(await findCampaign(ctx.db, env, campaignId))) throw unprocessable('campaign_id', `No campaign '${campaignId}' in this environment.`);
  if (input.type === 'voucher') {
    const pool = await ctx.db
      .select({ id: voucherPools.id })
      .from(voucherPools)
      .where(and(eq(voucherPools.environmentId, env), eq(voucherPools.id, input.pool_id as string)))
      .get();
    if (!pool) throw unprocessable('pool_id', `No voucher pool '${input.pool_id}' in this environment.`);
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
    approvedAt: !isVoucher && input.status === 'approved' ? now : null,
    paidAt: null,
    cancelledAt: null,
    createdAt: now,
    updatedAt: now,
  };
  await publishEvents(ctx.env, await issueReward(ctx.db, row));
  return toRewardResource((await findReward(ctx.db, env, row.id)) as Reward);
}

/** `rewards_due` (pending or approved) and `rewards_issued` (paid) of these users, for `with=`. */
export async function rewardsOfUsers(db: Db, environmentId: string, userIds: string[], relations: string[]) {
  const statuses = [...(relations.includes('rewards_due') ? (['pending', 'approved'] as const) : []), ...(relations.includes('rewards_issued') ? (['paid'] as const) : [])];
  const byUser = new Map<string, { due: RewardResource[]; issued: RewardResource[] }>();
  if (!statuses.length || !userIds.length) return byUser;
  await releaseDueHolds(db, environmentId);
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
