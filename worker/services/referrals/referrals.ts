import { toReferralResource } from '../../domain/resources/referral';
import { and, count, eq, isNull, sql } from 'drizzle-orm';
import { inValues } from '../../db/d1-limits';
import { type Campaign, campaigns, orderClaims, type Reward, referrals, rewards, type User, users } from '../../db/schema';
import type { EventInput, EventResult } from '../../durable-objects/campaign/campaign-events';
import type { Rule } from '../../domain/rules/schema';
import { normalizeCode } from '../../domain/codes';
import { notFound, unprocessable } from '../../lib/errors';
import { newId } from '../../lib/ids';
import { type ListRequest, type ListSpec, listPage, pickFields } from '../../lib/list-query';
import { findCampaign } from '../campaigns/campaigns';
import type { ServiceContext } from '../../lib/service-context';
import { createUser } from '../users/users';
import { checkClaim, claimOrder, orderCampaigns } from './orders';

export interface ReferralInput {
  code?: string;
  /** A discount code used at checkout: a referrer's code attributes like `code` (docs/integrations.md). */
  coupon?: string;
  type: string;
  referee?: { external_id: string; email?: string | null; name?: string | null };
  amount?: number;
  currency?: string;
  order_id?: string;
  /** Refunds: the refund's own id, so several partial refunds of one order are each recorded once. */
  refund_id?: string;
  occurred_at?: string;
  metadata?: Record<string, unknown>;
}

export const referralListSpec: ListSpec = {
  columns: {
    id: referrals.id,
    type: referrals.type,
    status: referrals.status,
    campaign_id: referrals.campaignId,
    referrer_id: referrals.referrerId,
    referee_id: referrals.refereeId,
    order_id: referrals.orderId,
    amount: referrals.amount,
    currency: referrals.currency,
    occurred_at: referrals.occurredAt,
    created_at: referrals.createdAt,
  },
  fields: ['id', 'object', 'type', 'status', 'reasons', 'campaign_id', 'referrer_id', 'referee_id', 'amount', 'currency', 'order_id', 'refund_of', 'rules_version', 'metadata', 'occurred_at', 'created_at', 'rewards'],
  relations: [],
  defaultOrder: 'created_at',
};

const liveUser = (environmentId: string) => and(eq(users.environmentId, environmentId), isNull(users.deletedAt));

async function userBy(ctx: ServiceContext, column: typeof users.referralCode | typeof users.externalId | typeof users.id, value: string) {
  return ctx.db.select().from(users).where(and(liveUser(ctx.caller.environmentId), eq(column, value))).get();
}

const cannotLog = (type: string, field: string, message: string) => unprocessable(type, 'Cannot log this event', message, [{ field, message }]);

/** Who referred, and in which campaign: by code, or by the referee's referrer. */
async function resolveReferrer(ctx: ServiceContext, input: ReferralInput): Promise<User> {
  if (input.code) {
    const referrer = await userBy(ctx, users.referralCode, normalizeCode(input.code));
    if (!referrer) throw cannotLog('unknown-code', 'code', `No referrer with code '${input.code}' in this environment.`);
    return referrer;
  }
  if (input.coupon) {
    const referrer = await userBy(ctx, users.referralCode, normalizeCode(input.coupon));
    if (referrer) return referrer;
    if (!input.referee) throw cannotLog('unknown-coupon', 'coupon', `The coupon '${input.coupon}' is no referrer's code in this environment; send the code or a referred referee.`);
  }
  const referee = await userBy(ctx, users.externalId, input.referee?.external_id as string);
  const referrer = referee?.referrerId ? await userBy(ctx, users.id, referee.referrerId) : undefined;
  if (!referrer) throw cannotLog('referee-not-referred', 'referee.external_id', 'This referee has no referrer; send the code.');
  return referrer;
}

/**
 * Finds or creates the referee and links them to the referrer, applying the fraud
 * guards: no self-referral, one referrer per referee, no referring one's own referrer.
 * The link is a conditional update, so two referrers racing for one referee cannot both win.
 */
async function resolveReferee(
  ctx: ServiceContext,
  input: ReferralInput,
  referrer: User,
  campaign: Campaign,
  prefetched?: User,
): Promise<{ referee: Referee | null; rejection: string | null }> {
  const given = input.referee;
  if (!given) return { referee: null, rejection: null };
  const sameEmail = given.email && referrer.email && given.email.toLowerCase() === referrer.email.toLowerCase();
  if (given.external_id === referrer.externalId || sameEmail) return { referee: null, rejection: 'self_referral' };

  let referee: Referee | undefined = prefetched ?? (input.code ? undefined : await userBy(ctx, users.externalId, given.external_id));
  if (!referee) {
    if (campaign.status === 'ended') return { referee: null, rejection: null };
    // The campaign and referrer are known: createUser looks up neither again.
    const created = await createUser(ctx, { external_id: given.external_id, email: given.email, name: given.name, campaign_id: campaign.id, referred_by: referrer.referralCode }, 'api', {
      campaign,
      referrer: { id: referrer.id, code: referrer.referralCode },
    });
    referee = { id: created.user.id, referrerId: created.user.referrer_id, createdAt: created.user.created_at };
  } else if (!referee.referrerId && referee.id !== referrer.id && referrer.referrerId !== referee.id) {
    // The link and the row as it now is, in one statement; a racing referrer leaves it unchanged.
    const [linked] = await ctx.db
      .update(users)
      .set({ referrerId: referrer.id, updatedAt: new Date().toISOString() })
      .where(and(eq(users.id, referee.id), isNull(users.referrerId)))
      .returning();
    referee = linked ?? (await userBy(ctx, users.id, referee.id));
  }
  if (!referee) return { referee: null, rejection: null };
  if (referee.id === referrer.id) return { referee: null, rejection: 'self_referral' };
  if (referrer.referrerId === referee.id) return { referee, rejection: 'circular_referral' };
  if (referee.referrerId !== referrer.id) return { referee, rejection: 'already_referred' };
  return { referee, rejection: null };
}

/** What an event needs of its referee. */
type Referee = Pick<User, 'id' | 'referrerId' | 'createdAt'>;

function dedupeKey(input: ReferralInput, refereeId: string | null): string {
  // Several partial refunds of one order are told apart by the refund's own id.
  if (input.type === 'refund' && input.order_id && input.refund_id) return `refund:order:${input.order_id}:${input.refund_id}`;
  if (input.order_id) return `${input.type}:order:${input.order_id}`;
  if (input.type === 'signup' && refereeId) return `signup:referee:${refereeId}`;
  // Nothing identifies a repeat: only an Idempotency-Key can make retries safe.
  return `${input.type}:event:${newId('ref')}`;
}

export async function logReferral(ctx: ServiceContext, input: ReferralInput): Promise<{ referral: ReturnType<typeof toReferralResource>; duplicate: boolean }> {
  if (input.type === 'refund') return logRefund(ctx, input);
  // One round trip reads the referrer with its campaign, the referee named, and (a sale with an
  // order id) claims the order for the code's campaign: one sale per order per environment.
  const { referrer, campaign, referee: found, claim } = await readForEvent(ctx, input);
  if (claim) checkClaim(input.order_id as string, claim, campaign.id);
  const { referee, rejection } = await resolveReferee(ctx, input, referrer, campaign, found);
  return recordEvent(ctx, input, campaign, referrer.id, referee, rejection);
}

/**
 * What an event needs from D1 before the campaign object decides, in one db.batch. By code:
 * the referrer joined to its campaign; with a referee, that user; for a sale with an order id,
 * the order's claim (inserted from the code's user row, so nothing is claimed for an unknown
 * code) and its holder. Without a code the referrer is the referee's referrer (two reads).
 */
async function readForEvent(ctx: ServiceContext, input: ReferralInput) {
  const environmentId = ctx.caller.environmentId;
  if (!input.code) {
    const referrer = await resolveReferrer(ctx, input);
    const campaign = (await findCampaign(ctx.db, environmentId, referrer.campaignId)) as Campaign;
    if (input.type === 'sale' && input.order_id) await claimOrder(ctx, input.order_id, campaign.id, referrer.id);
    return { referrer, campaign, referee: undefined, claim: undefined };
  }
  const code = normalizeCode(input.code);
  const byCode = and(liveUser(environmentId), eq(users.referralCode, code));
  // No joins inside a batch: D1 returns batch rows as objects, so same-named columns would collide.
  const reads = [
    ctx.db.select().from(users).where(byCode).limit(1),
    ctx.db
      .select()
      .from(campaigns)
      .where(eq(campaigns.id, sql`(${ctx.db.select({ id: users.campaignId }).from(users).where(byCode).limit(1)})`)),
    ctx.db.select().from(users).where(and(liveUser(environmentId), eq(users.externalId, input.referee?.external_id ?? ''))).limit(input.referee ? 1 : 0),
  ] as const;
  const orderId = input.type === 'sale' ? input.order_id : undefined;
  if (orderId) {
    const claimWhere = and(eq(orderClaims.environmentId, environmentId), eq(orderClaims.orderId, orderId));
    const [[referrer], [campaign], [referee], , [claim]] = await ctx.db.batch([
      ...reads,
      ctx.db
        .insert(orderClaims)
        .select(ctx.db.select({ environmentId: sql`${environmentId}`.as('environment_id'), orderId: sql`${orderId}`.as('order_id'), campaignId: users.campaignId, referrerId: users.id, createdAt: sql`${new Date().toISOString()}`.as('created_at') }).from(users).where(byCode).limit(1))
        .onConflictDoNothing(),
      ctx.db.select({ campaignId: orderClaims.campaignId }).from(orderClaims).where(claimWhere),
    ]);
    if (!referrer || !campaign) throw unknownCode(input.code);
    return { referrer, campaign, referee, claim };
  }
  const [[referrer], [campaign], [referee]] = await ctx.db.batch(reads);
  if (!referrer || !campaign) throw unknownCode(input.code);
  return { referrer, campaign, referee, claim: undefined };
}

const unknownCode = (code: string) => cannotLog('unknown-code', 'code', `No referrer with code '${code}' in this environment.`);

/**
 * A refund (partial or full) reverses every unpaid reward of its order, in every campaign holding
 * a sale of it (one since order claims exist; older data may hold two). Answers with the first.
 */
async function logRefund(ctx: ServiceContext, input: ReferralInput): Promise<{ referral: ReturnType<typeof toReferralResource>; duplicate: boolean }> {
  const holders = await orderCampaigns(ctx, input.order_id as string);
  if (!holders.length) throw cannotLog('unknown-order', 'order_id', `No sale with order_id '${input.order_id}' in this environment.`);
  const results = [];
  for (const { campaignId, referrerId } of holders) {
    const campaign = await findCampaign(ctx.db, ctx.caller.environmentId, campaignId);
    if (campaign) results.push(await recordEvent(ctx, input, campaign, referrerId, null, null));
  }
  if (!results[0]) throw cannotLog('unknown-order', 'order_id', `No sale with order_id '${input.order_id}' in this environment.`);
  return results[0];
}

/** What the campaign object decides an event under, read from the campaign's D1 row: window, budgets, rules. */
export function campaignTerms(campaign: Campaign): Pick<EventInput, 'campaign' | 'legacyBudgetCurrency' | 'rules'> {
  return {
    campaign: { status: campaign.status, startsAt: campaign.startsAt, endsAt: campaign.endsAt, budgets: campaign.budgets },
    legacyBudgetCurrency: campaign.budgetCurrency,
    rules: { version: campaign.rulesVersion, rules: campaign.rules as Rule[] },
  };
}

async function recordEvent(ctx: ServiceContext, input: ReferralInput, campaign: Campaign, referrerId: string, resolvedReferee: Referee | null, rejection: string | null) {
  const event: EventInput = {
    environmentId: ctx.caller.environmentId,
    campaignId: campaign.id,
    dedupeKey: dedupeKey(input, resolvedReferee?.id ?? null),
    type: input.type,
    referrerId,
    refereeId: rejection === 'self_referral' ? null : (resolvedReferee?.id ?? null),
    refereeSignedUpAt: resolvedReferee?.createdAt ?? null,
    amount: input.amount ?? null,
    currency: input.currency ?? null,
    orderId: input.order_id ?? null,
    occurredAt: input.occurred_at ?? new Date().toISOString(),
    metadata: input.metadata ?? {},
    rejection,
    refundOf: input.type === 'refund' ? `sale:order:${input.order_id}` : null,
    ...campaignTerms(campaign),
  };
  const result: EventResult & { duplicate: boolean } = await ctx.env.CAMPAIGN.getByName(campaign.id).record(event);
  // Voucher rewards draw their code when projected, after the decision: show them as D1 has them.
  const rewardRows = result.rewards.some((r) => r.type === 'voucher') ? await projectedRewards(ctx, result.referral.id, result.rewards) : result.rewards;
  return { referral: toReferralResource(result.referral, rewardRows), duplicate: result.duplicate };
}

async function projectedRewards(ctx: ServiceContext, referralId: string, decided: Reward[]): Promise<Reward[]> {
  const stored = await ctx.db.select().from(rewards).where(eq(rewards.referralId, referralId)).all();
  return decided.map((d) => stored.find((s) => s.id === d.id) ?? d);
}

export async function getReferral(ctx: ServiceContext, id: string) {
  const row = await ctx.db
    .select()
    .from(referrals)
    .where(and(eq(referrals.environmentId, ctx.caller.environmentId), eq(referrals.id, id)))
    .get();
  if (!row) throw notFound('referral', id);
  const rewardRows = await ctx.db.select().from(rewards).where(eq(rewards.referralId, id)).all();
  return toReferralResource(row, rewardRows);
}

export async function listReferrals(ctx: ServiceContext, request: ListRequest) {
  return listPage(ctx.origin, request, referralListSpec, {
    idColumn: referrals.id,
    scope: eq(referrals.environmentId, ctx.caller.environmentId),
    select: (where) => ctx.db.select().from(referrals).where(where),
    count: (where) => ctx.db.select({ total: count() }).from(referrals).where(where),
  }, async (rows, query) => {
    const ids = rows.map((r) => r.id);
    const rewardRows = ids.length ? await ctx.db.select().from(rewards).where(and(eq(rewards.environmentId, ctx.caller.environmentId), inValues(rewards.referralId, ids))).all() : [];
    return rows.map((r) => pickFields(toReferralResource(r, rewardRows.filter((w) => w.referralId === r.id)), query.fields, []));
  });
}
