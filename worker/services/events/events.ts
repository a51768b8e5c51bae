import { and, count, eq } from 'drizzle-orm';
import { type Event, events } from '../../db/schema';
import { notFound } from '../../lib/errors';
import { type ListRequest, type ListSpec, listPage, pickFields } from '../../lib/list-query';
import type { ServiceContext } from '../../lib/service-context';

export function toEventResource(e: Event) {
  return { id: e.id, object: 'event' as const, type: e.type, created_at: e.createdAt, environment_id: e.environmentId, data: e.data };
}

export const eventListSpec: ListSpec = {
  columns: { id: events.id, type: events.type, created_at: events.createdAt },
  fields: ['id', 'object', 'type', 'created_at', 'environment_id', 'data'],
  relations: [],
  defaultOrder: 'created_at',
};

export async function listEvents(ctx: ServiceContext, request: ListRequest) {
  return listPage(ctx.origin, request, eventListSpec, {
    idColumn: events.id,
    scope: eq(events.environmentId, ctx.caller.environmentId),
    select: (where) => ctx.db.select().from(events).where(where),
    count: (where) => ctx.db.select({ total: count() }).from(events).where(where),
  }, (rows, query) => rows.map((e) => pickFields(toEventResource(e), query.fields, [])));
}

export async function getEvent(ctx: ServiceContext, id: string) {
  const row = await ctx.db
    .select()
    .from(events)
    .where(and(eq(events.environmentId, ctx.caller.environmentId), eq(events.id, id)))
    .get();
  if (!row) throw notFound('event', id);
  return toEventResource(row);
}
