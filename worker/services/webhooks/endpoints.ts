import { and, desc, eq } from 'drizzle-orm';
import { events, type WebhookEndpoint, webhookDeliveries, webhookEndpoints } from '../../db/schema';
import { newWebhookSecret } from '../../domain/webhooks/signature';
import { webhookUrlProblem } from '../../domain/webhooks/url-policy';
import { conflict, notFound, validationError } from '../../lib/errors';
import { newId } from '../../lib/ids';
import { schedule } from './attempt';
import type { ServiceContext } from '../../lib/service-context';
import { TEST_EVENT_TYPE } from '../../outbox/events';
import { toDeliveryResource } from './deliveries';
import { auditInsert } from '../../outbox/audit';

export interface EndpointInput {
  url?: string;
  events?: string[];
  description?: string | null;
  enabled?: boolean;
}

const DEFAULT_GRACE_S = 86_400;

export function toEndpointResource(e: WebhookEndpoint) {
  return {
    id: e.id,
    object: 'webhook_endpoint' as const,
    url: e.url,
    description: e.description,
    events: e.events,
    enabled: e.enabled,
    disabled_reason: e.disabledReason,
    failing_since: e.failingSince,
    previous_secret_expires_at: e.previousSecretExpiresAt,
    created_at: e.createdAt,
    updated_at: e.updatedAt,
  };
}

function checkUrl(ctx: ServiceContext, url: string) {
  const problem = webhookUrlProblem(url, ctx.env.APP_ENV === 'development');
  if (problem) throw validationError([{ field: 'url', message: problem }]);
}

async function findEndpoint(ctx: ServiceContext, id: string): Promise<WebhookEndpoint> {
  const row = await ctx.db
    .select()
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.environmentId, ctx.caller.environmentId), eq(webhookEndpoints.id, id)))
    .get();
  if (!row) throw notFound('webhook endpoint', id);
  return row;
}

export const getEndpoint = async (ctx: ServiceContext, id: string) => toEndpointResource(await findEndpoint(ctx, id));

export async function listEndpoints(ctx: ServiceContext) {
  const rows = await ctx.db
    .select()
    .from(webhookEndpoints)
    .where(eq(webhookEndpoints.environmentId, ctx.caller.environmentId))
    .orderBy(desc(webhookEndpoints.createdAt), desc(webhookEndpoints.id))
    .all();
  return rows.map(toEndpointResource);
}

/** The secret is in this answer only; later reads never show it. */
export async function createEndpoint(ctx: ServiceContext, input: EndpointInput & { url: string; events: string[] }) {
  checkUrl(ctx, input.url);
  const now = new Date().toISOString();
  const values: WebhookEndpoint = {
    id: newId('whe'),
    environmentId: ctx.caller.environmentId,
    url: input.url,
    description: input.description ?? null,
    events: normalizeEvents(input.events),
    enabled: input.enabled ?? true,
    disabledReason: input.enabled === false ? 'Disabled by an admin.' : null,
    secret: newWebhookSecret(),
    previousSecret: null,
    previousSecretExpiresAt: null,
    failingSince: null,
    createdAt: now,
    updatedAt: now,
  };
  const [[row]] = await ctx.db.batch([
    ctx.db.insert(webhookEndpoints).values(values).returning(),
    audited(ctx, 'webhook_endpoint.created', null, values, now),
  ]);
  const created = row as WebhookEndpoint;
  return { ...toEndpointResource(created), secret: created.secret };
}

export async function updateEndpoint(ctx: ServiceContext, id: string, input: EndpointInput) {
  const current = await findEndpoint(ctx, id);
  if (input.url !== undefined) checkUrl(ctx, input.url);
  const enabling = input.enabled === true && !current.enabled;
  const changes = {
    ...(input.url !== undefined ? { url: input.url } : {}),
    ...(input.events !== undefined ? { events: normalizeEvents(input.events) } : {}),
    ...(input.description !== undefined ? { description: input.description } : {}),
    ...(input.enabled === false && current.enabled ? { enabled: false, disabledReason: 'Disabled by an admin.' } : {}),
    // Re-enabling gives the endpoint a fresh start: failures before it no longer count.
    ...(enabling ? { enabled: true, disabledReason: null, failingSince: null } : {}),
    updatedAt: new Date().toISOString(),
  };
  const [[row]] = await ctx.db.batch([
    ctx.db.update(webhookEndpoints).set(changes).where(eq(webhookEndpoints.id, current.id)).returning(),
    audited(ctx, 'webhook_endpoint.updated', current, { ...current, ...changes }, changes.updatedAt),
  ]);
  return toEndpointResource(row as WebhookEndpoint);
}

/** Deleting stops deliveries at once (pending ones fail as 'endpoint or event deleted'); the history goes with it. */
export async function deleteEndpoint(ctx: ServiceContext, id: string): Promise<void> {
  const current = await findEndpoint(ctx, id);
  await ctx.db.batch([
    ctx.db.delete(webhookDeliveries).where(eq(webhookDeliveries.endpointId, current.id)),
    ctx.db.delete(webhookEndpoints).where(eq(webhookEndpoints.id, current.id)),
    audited(ctx, 'webhook_endpoint.deleted', current, null, new Date().toISOString()),
  ]);
}

/**
 * A new secret; the old one keeps signing alongside it (a second `v1,` signature) for the
 * grace period, so receivers can switch without dropping a message. 0 stops it at once.
 */
export async function rotateSecret(ctx: ServiceContext, id: string, graceSeconds = DEFAULT_GRACE_S) {
  const current = await findEndpoint(ctx, id);
  const now = Date.now();
  const changes = {
    secret: newWebhookSecret(),
    previousSecret: graceSeconds > 0 ? current.secret : null,
    previousSecretExpiresAt: graceSeconds > 0 ? new Date(now + graceSeconds * 1000).toISOString() : null,
    updatedAt: new Date(now).toISOString(),
  };
  const [[row]] = await ctx.db.batch([
    ctx.db.update(webhookEndpoints).set(changes).where(eq(webhookEndpoints.id, current.id)).returning(),
    audited(ctx, 'webhook_endpoint.secret_rotated', current, { ...current, ...changes }, changes.updatedAt),
  ]);
  const rotated = row as WebhookEndpoint;
  return { ...toEndpointResource(rotated), secret: rotated.secret };
}

/** Sends a `webhook.test` event to this endpoint alone (it is not fanned out to the others). */
export async function sendTestEvent(ctx: ServiceContext, id: string) {
  const endpoint = await findEndpoint(ctx, id);
  if (!endpoint.enabled) throw conflict('endpoint-disabled', 'Endpoint disabled', 'Enable the endpoint before sending it a test event.');
  const now = Date.now();
  const iso = new Date(now).toISOString();
  const eventId = newId('evt');
  const delivery = {
    id: newId('whd'),
    environmentId: ctx.caller.environmentId,
    endpointId: endpoint.id,
    eventId,
    eventType: TEST_EVENT_TYPE,
    status: 'pending' as const,
    attempts: 0,
    nextAttemptAt: now,
    createdAt: iso,
    updatedAt: iso,
  };
  await ctx.db.batch([
    ctx.db.insert(events).values({
      id: eventId,
      environmentId: ctx.caller.environmentId,
      type: TEST_EVENT_TYPE,
      data: { object: 'webhook_test', endpoint_id: endpoint.id, message: 'A test event from Referrio.' },
      createdAt: iso,
      dispatchedAt: iso,
    }),
    ctx.db.insert(webhookDeliveries).values(delivery),
  ]);
  await schedule(ctx.env, [{ id: delivery.id, at: now }]);
  return toDeliveryResource({ ...delivery, lastAttemptAt: null, lastStatusCode: null, lastResponseBody: null, lastError: null });
}

/** The audit record of a change to an endpoint, as the API shows it (never its secrets). */
const audited = (ctx: ServiceContext, action: string, before: WebhookEndpoint | null, after: WebhookEndpoint | null, at: string) =>
  auditInsert(ctx.db, ctx.caller, { action, targetType: 'webhook_endpoint', targetId: (before ?? after)?.id as string, before: before && toEndpointResource(before), after: after && toEndpointResource(after) }, at);

const normalizeEvents = (list: string[]) => (list.includes('*') ? ['*'] : [...new Set(list)].sort());
