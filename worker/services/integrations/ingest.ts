import { and, eq, isNull } from 'drizzle-orm';
import { billingCustomers, type BillingEvent, billingEvents, billingPayments, users } from '../../db/schema';
import type { BillingAction } from '../../domain/integrations/billing-action';
import { normalizeCode } from '../../domain/codes';
import { CurrencySchema, MinorUnitsSchema } from '../../domain/money';
import { inValues } from '../../db/d1-limits';
import { AppError } from '../../lib/errors';
import { newId } from '../../lib/ids';
import type { ServiceContext } from '../../lib/service-context';
import { logReferral, type ReferralInput } from '../referrals/referrals';
import { holdOrderForReview } from '../rewards/dispute-hold';
import type { Applied } from './applied';
import type { Provider } from './connections';
import { applyPrivacyAction } from './privacy';


export interface Received {
  provider: Provider;
  externalId: string;
  type: string;
}

/**
 * Applies one verified billing event once. A replay (same provider event id) changes nothing and
 * answers the first outcome. Everything applied is idempotent by itself (sales by order id, refunds
 * by order, holds and customer links by key), so an event processed twice — a retry after an outage,
 * two deliveries racing — still counts once; the event row is written last, insert-or-ignore.
 */
export async function ingestBillingEvent(ctx: ServiceContext, received: Received, action: BillingAction): Promise<{ event: BillingEvent; replay: boolean }> {
  const existing = await findReceived(ctx, received);
  if (existing) return { event: existing, replay: true };
  const applied = await apply(ctx, received.provider, action);
  // Before this event's row: if applying what waited fails, the provider's retry does it again.
  if (action.kind === 'sale') await applyWaiting(ctx, received.provider, action.paymentRefs);
  const now = new Date().toISOString();
  const row: BillingEvent = {
    id: newId('bev'),
    environmentId: ctx.caller.environmentId,
    provider: received.provider,
    externalId: received.externalId,
    type: received.type,
    outcome: applied.outcome,
    reason: applied.reason,
    referralId: applied.referralId ?? null,
    orderId: applied.orderId ?? null,
    paymentRef: applied.outcome === 'waiting' && 'paymentRefs' in action ? (action.paymentRefs[0] ?? null) : null,
    action: applied.outcome === 'waiting' ? (action as unknown as Record<string, unknown>) : null,
    createdAt: now,
    updatedAt: now,
  };
  const inserted = await ctx.db.insert(billingEvents).values(row).onConflictDoNothing().returning({ id: billingEvents.id });
  // A sale that landed between this event's lookup and its row would never see it waiting: look again.
  if (row.outcome === 'waiting' && 'paymentRefs' in action) await applyWaiting(ctx, received.provider, action.paymentRefs);
  // A concurrent delivery of the same event recorded it first: answer what it recorded.
  return { event: inserted.length ? row : ((await findReceived(ctx, received)) ?? row), replay: false };
}

/** A delivery whose signature or mode failed: recorded (nothing in it is trusted), nothing else changes. */
export async function recordRejection(ctx: ServiceContext, provider: Provider, type: string, reason: string): Promise<void> {
  const now = new Date().toISOString();
  await ctx.db.insert(billingEvents).values({
    id: newId('bev'),
    environmentId: ctx.caller.environmentId,
    provider,
    externalId: null,
    type,
    outcome: 'rejected',
    reason,
    createdAt: now,
    updatedAt: now,
  });
}

const findReceived = (ctx: ServiceContext, r: Received) =>
  ctx.db
    .select()
    .from(billingEvents)
    .where(and(eq(billingEvents.environmentId, ctx.caller.environmentId), eq(billingEvents.provider, r.provider), eq(billingEvents.externalId, r.externalId)))
    .get();

async function apply(ctx: ServiceContext, provider: Provider, action: BillingAction): Promise<Applied> {
  switch (action.kind) {
    case 'ignore':
      return { outcome: 'ignored', reason: action.reason };
    case 'sale':
      return applySale(ctx, provider, action);
    case 'signup':
      return applySignup(ctx, provider, action);
    case 'refund':
    case 'dispute':
      return applyToOrder(ctx, provider, action);
    default:
      return applyPrivacyAction(ctx, provider, action);
  }
}

/** The first of `codes` that is a live referrer's code in this environment (one query). */
async function referrerCode(ctx: ServiceContext, codes: string[]): Promise<string | null> {
  const normalized = codes.map(normalizeCode).filter((c) => c.length <= 64);
  if (!normalized.length) return null;
  const rows = await ctx.db
    .select({ code: users.referralCode })
    .from(users)
    .where(and(eq(users.environmentId, ctx.caller.environmentId), isNull(users.deletedAt), inValues(users.referralCode, normalized)))
    .all();
  return normalized.find((c) => rows.some((r) => r.code === c)) ?? null;
}

async function customerReferee(ctx: ServiceContext, provider: Provider, customerId: string | null): Promise<string | null> {
  if (!customerId) return null;
  const row = await ctx.db
    .select({ referee: billingCustomers.refereeExternalId })
    .from(billingCustomers)
    .where(and(eq(billingCustomers.environmentId, ctx.caller.environmentId), eq(billingCustomers.provider, provider), eq(billingCustomers.customerId, customerId)))
    .get();
  return row?.referee ?? null;
}

/** Expected refusals of the referral service become an unmatched outcome; anything else is a failure the provider retries. */
async function logged(input: ReferralInput, ctx: ServiceContext): Promise<Applied> {
  try {
    const { referral } = await logReferral(ctx, input);
    return { outcome: 'matched', reason: referral.status === 'rejected' ? (referral.reasons[0]?.reason ?? null) : null, referralId: referral.id, orderId: input.order_id ?? null };
  } catch (err) {
    if (err instanceof AppError && (err.status === 409 || err.status === 422)) return { outcome: 'unmatched', reason: err.type, orderId: input.order_id ?? null };
    throw err;
  }
}

async function applySale(ctx: ServiceContext, provider: Provider, sale: Extract<BillingAction, { kind: 'sale' }>): Promise<Applied> {
  const orderId = sale.orderId;
  if (!CurrencySchema.safeParse(sale.currency).success) return { outcome: 'unmatched', reason: `currency '${sale.currency}' is not an ISO 4217 code Referrio takes`, orderId };
  if (!MinorUnitsSchema.safeParse(sale.amount).success) return { outcome: 'unmatched', reason: 'amount out of range', orderId };
  const [code, knownReferee] = await Promise.all([referrerCode(ctx, sale.codes), sale.referee ? Promise.resolve(null) : customerReferee(ctx, provider, sale.customerId)]);
  const referee = sale.referee ?? (knownReferee ? { external_id: knownReferee } : null);
  let applied: Applied;
  if (!code && !referee) applied = { outcome: 'unmatched', reason: sale.customerId ? 'no-code (unknown customer)' : 'no-code', orderId };
  else {
    applied = await logged(
      { type: 'sale', ...(code ? { code } : {}), ...(referee ? { referee } : {}), amount: sale.amount, currency: sale.currency, order_id: orderId, metadata: { source: provider, ...sale.metadata } },
      ctx,
    );
    if (applied.reason === 'referee-not-referred') applied.reason = sale.codes.length ? 'no-code (the codes used are no referrer\'s)' : 'no-code';
  }
  const environmentId = ctx.caller.environmentId;
  const attributed = applied.outcome === 'matched';
  const writes = [
    ...sale.paymentRefs.map((paymentRef) =>
      ctx.db
        .insert(billingPayments)
        .values({ environmentId, provider, paymentRef, orderId, attributed })
        .onConflictDoUpdate({ target: [billingPayments.environmentId, billingPayments.provider, billingPayments.paymentRef], set: { orderId, attributed } }),
    ),
    ...(attributed && sale.customerId && referee
      ? [ctx.db.insert(billingCustomers).values({ environmentId, provider, customerId: sale.customerId, refereeExternalId: referee.external_id }).onConflictDoNothing()]
      : []),
  ];
  if (writes.length) await ctx.db.batch(writes as unknown as [(typeof writes)[number], ...(typeof writes)[number][]]);
  return applied;
}

async function applySignup(ctx: ServiceContext, provider: Provider, signup: Extract<BillingAction, { kind: 'signup' }>): Promise<Applied> {
  const code = await referrerCode(ctx, signup.codes);
  if (!code) return { outcome: 'unmatched', reason: 'no-code' };
  const applied = await logged({ type: 'signup', code, referee: signup.referee, metadata: { source: provider } }, ctx);
  if (applied.outcome === 'matched' && signup.customerId) {
    await ctx.db
      .insert(billingCustomers)
      .values({ environmentId: ctx.caller.environmentId, provider, customerId: signup.customerId, refereeExternalId: signup.referee.external_id })
      .onConflictDoNothing();
  }
  return applied;
}

async function applyToOrder(ctx: ServiceContext, provider: Provider, action: Extract<BillingAction, { kind: 'refund' | 'dispute' }>): Promise<Applied> {
  if (!action.paymentRefs.length) return { outcome: 'unmatched', reason: 'no payment reference' };
  const payments = await ctx.db
    .select()
    .from(billingPayments)
    .where(and(eq(billingPayments.environmentId, ctx.caller.environmentId), eq(billingPayments.provider, provider), inValues(billingPayments.paymentRef, action.paymentRefs)))
    .all();
  const payment = payments.find((p) => p.attributed) ?? payments[0];
  if (!payment) return { outcome: 'waiting', reason: 'sale-not-received-yet' };
  const orderId = payment.orderId;
  if (!payment.attributed) return { outcome: 'ignored', reason: 'the sale was not attributed to a referrer', orderId };
  if (action.kind === 'dispute') {
    const { saleIds, held } = await holdOrderForReview(ctx, orderId);
    return { outcome: 'matched', reason: `held ${held} unpaid reward(s) for review`, referralId: saleIds[0] ?? null, orderId };
  }
  const amount = action.amount && MinorUnitsSchema.safeParse(action.amount).success && action.currency && CurrencySchema.safeParse(action.currency).success ? { amount: action.amount, currency: action.currency } : {};
  // A refund stored while it waited for its sale before refund ids were mapped has none: it counts once.
  const refundId = action.refundId ? { refund_id: action.refundId } : {};
  return logged({ type: 'refund', order_id: orderId, ...amount, ...refundId, metadata: { source: provider, ...action.metadata } }, ctx);
}

/** Refunds and disputes that arrived before their sale, applied now that it is here. */
async function applyWaiting(ctx: ServiceContext, provider: Provider, paymentRefs: string[]): Promise<void> {
  const waiting = await ctx.db
    .select()
    .from(billingEvents)
    .where(and(eq(billingEvents.environmentId, ctx.caller.environmentId), eq(billingEvents.provider, provider), eq(billingEvents.outcome, 'waiting')))
    .all();
  for (const event of waiting) {
    const action = event.action as unknown as Extract<BillingAction, { kind: 'refund' | 'dispute' }> | null;
    if (!action?.paymentRefs.some((ref) => paymentRefs.includes(ref))) continue;
    const applied = await applyToOrder(ctx, provider, action);
    if (applied.outcome === 'waiting') continue;
    await ctx.db
      .update(billingEvents)
      .set({ outcome: applied.outcome, reason: applied.reason, referralId: applied.referralId ?? null, orderId: applied.orderId ?? null, action: null, updatedAt: new Date().toISOString() })
      .where(and(eq(billingEvents.id, event.id), eq(billingEvents.outcome, 'waiting')));
  }
}

/** What the provider is answered (it ignores the body; a person testing with curl reads it). */
export function toReceipt(e: BillingEvent, replay: boolean, origin: string) {
  return {
    object: 'billing_event_receipt' as const,
    id: e.id,
    replay,
    type: e.type,
    outcome: e.outcome,
    reason: e.reason,
    referral_id: e.referralId,
    referral_url: e.referralId ? `${origin}/v1/referrals/${e.referralId}` : null,
  };
}
