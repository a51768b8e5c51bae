import { and, count, eq, max } from 'drizzle-orm';
import { type BillingEvent, billingEvents, integrations } from '../../db/schema';
import { type ListRequest, type ListSpec, listPage, pickFields } from '../../lib/list-query';
import type { ServiceContext } from '../../lib/service-context';
import { hookUrl, type OpenedIntegration, openOwnIntegration, type Provider } from './connections';

export const OUTCOMES = ['matched', 'unmatched', 'ignored', 'rejected', 'waiting'] as const;

export function toBillingEventResource(e: BillingEvent, origin: string) {
  return {
    id: e.id,
    object: 'billing_event' as const,
    provider: e.provider,
    external_id: e.externalId,
    type: e.type,
    outcome: e.outcome,
    reason: e.reason,
    referral_id: e.referralId,
    referral_url: e.referralId ? `${origin}/v1/referrals/${e.referralId}` : null,
    order_id: e.orderId,
    created_at: e.createdAt,
    updated_at: e.updatedAt,
  };
}

export const billingEventListSpec: ListSpec = {
  columns: {
    id: billingEvents.id,
    type: billingEvents.type,
    outcome: billingEvents.outcome,
    external_id: billingEvents.externalId,
    order_id: billingEvents.orderId,
    referral_id: billingEvents.referralId,
    created_at: billingEvents.createdAt,
  },
  fields: ['id', 'object', 'provider', 'external_id', 'type', 'outcome', 'reason', 'referral_id', 'referral_url', 'order_id', 'created_at', 'updated_at'],
  relations: [],
  defaultOrder: 'created_at',
};

export async function listBillingEvents(ctx: ServiceContext, provider: Provider, request: ListRequest) {
  return listPage(ctx.origin, request, billingEventListSpec, {
    idColumn: billingEvents.id,
    scope: and(eq(billingEvents.environmentId, ctx.caller.environmentId), eq(billingEvents.provider, provider)),
    select: (where) => ctx.db.select().from(billingEvents).where(where),
    count: (where) => ctx.db.select({ total: count() }).from(billingEvents).where(where),
  }, (rows, query) => rows.map((e) => pickFields(toBillingEventResource(e, ctx.origin), query.fields, [])));
}

/** A provider's connection and what it has received: one D1 batch, plus opening the URL when connected. */
export async function integrationStatus(ctx: ServiceContext, provider: Provider, opened?: OpenedIntegration) {
  const environmentId = ctx.caller.environmentId;
  const scope = and(eq(billingEvents.environmentId, environmentId), eq(billingEvents.provider, provider));
  const [rows, outcomes] = await ctx.db.batch([
    ctx.db
      .select()
      .from(integrations)
      .where(and(eq(integrations.environmentId, environmentId), eq(integrations.provider, provider))),
    ctx.db.select({ outcome: billingEvents.outcome, n: count(), last: max(billingEvents.createdAt) }).from(billingEvents).where(scope).groupBy(billingEvents.outcome),
  ]);
  const row = rows[0];
  const token = row ? (opened ?? (await openOwnIntegration(ctx, provider)))?.token : undefined;
  const counts = Object.fromEntries(OUTCOMES.map((o) => [o, outcomes.find((r) => r.outcome === o)?.n ?? 0])) as Record<(typeof OUTCOMES)[number], number>;
  const last = outcomes.reduce<string | null>((at, r) => (r.last && (!at || r.last > at) ? r.last : at), null);
  return {
    object: 'integration' as const,
    provider,
    connected: !!row,
    url: token ? hookUrl(ctx.origin, provider, token) : null,
    token_prefix: row?.tokenPrefix ?? null,
    connected_at: row?.updatedAt ?? null,
    last_event_at: last,
    counts,
  };
}
