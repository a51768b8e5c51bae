import { and, count, eq } from 'drizzle-orm';
import { type WebhookDelivery, webhookDeliveries, webhookEndpoints } from '../../db/schema';
import { conflict, notFound } from '../../lib/errors';
import { type ListRequest, type ListSpec, listPage, pickFields } from '../../lib/list-query';
import { schedule } from './attempt';
import type { ServiceContext } from '../../lib/service-context';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export function toDeliveryResource(d: Omit<WebhookDelivery, 'createdAt' | 'updatedAt'> & { createdAt: string; updatedAt: string }) {
  return {
    id: d.id,
    object: 'webhook_delivery' as const,
    endpoint_id: d.endpointId,
    event_id: d.eventId,
    event_type: d.eventType,
    status: d.status,
    attempts: d.attempts,
    next_attempt_at: d.status === 'pending' ? iso(d.nextAttemptAt) : null,
    last_attempt_at: iso(d.lastAttemptAt),
    last_status_code: d.lastStatusCode,
    last_response_body: d.lastResponseBody,
    last_error: d.lastError,
    created_at: d.createdAt,
    updated_at: d.updatedAt,
  };
}

export const deliveryListSpec: ListSpec = {
  columns: {
    id: webhookDeliveries.id,
    status: webhookDeliveries.status,
    event_id: webhookDeliveries.eventId,
    event_type: webhookDeliveries.eventType,
    attempts: webhookDeliveries.attempts,
    created_at: webhookDeliveries.createdAt,
    updated_at: webhookDeliveries.updatedAt,
  },
  fields: ['id', 'object', 'endpoint_id', 'event_id', 'event_type', 'status', 'attempts', 'next_attempt_at', 'last_attempt_at', 'last_status_code', 'last_response_body', 'last_error', 'created_at', 'updated_at'],
  relations: [],
  defaultOrder: 'created_at',
};

export async function listDeliveries(ctx: ServiceContext, endpointId: string, request: ListRequest) {
  const endpoint = await ctx.db
    .select({ id: webhookEndpoints.id })
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.environmentId, ctx.caller.environmentId), eq(webhookEndpoints.id, endpointId)))
    .get();
  if (!endpoint) throw notFound('webhook endpoint', endpointId);
  return listPage(ctx.origin, request, deliveryListSpec, {
    idColumn: webhookDeliveries.id,
    scope: eq(webhookDeliveries.endpointId, endpoint.id),
    select: (where) => ctx.db.select().from(webhookDeliveries).where(where),
    count: (where) => ctx.db.select({ total: count() }).from(webhookDeliveries).where(where),
  }, (rows, query) => rows.map((d) => pickFields(toDeliveryResource(d), query.fields, [])));
}

/**
 * Replays a delivery now, whatever its state: one more attempt with the same webhook-id (a
 * receiver that already has it can drop it). If that attempt fails, the schedule continues
 * from the attempts made so far (none left: failed again).
 */
export async function retryDelivery(ctx: ServiceContext, id: string) {
  const found = await ctx.db
    .select({ delivery: webhookDeliveries, enabled: webhookEndpoints.enabled })
    .from(webhookDeliveries)
    .innerJoin(webhookEndpoints, eq(webhookEndpoints.id, webhookDeliveries.endpointId))
    .where(and(eq(webhookDeliveries.environmentId, ctx.caller.environmentId), eq(webhookDeliveries.id, id)))
    .get();
  if (!found) throw notFound('webhook delivery', id);
  if (!found.enabled) throw conflict('endpoint-disabled', 'Endpoint disabled', 'Enable the endpoint before retrying its deliveries.');
  const now = Date.now();
  const [row] = await ctx.db
    .update(webhookDeliveries)
    .set({ status: 'pending', nextAttemptAt: now, updatedAt: new Date(now).toISOString() })
    .where(eq(webhookDeliveries.id, id))
    .returning();
  await schedule(ctx.env, [{ id, at: now }]);
  return toDeliveryResource(row as WebhookDelivery);
}
