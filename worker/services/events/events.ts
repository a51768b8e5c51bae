import { and, count, eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { type Event, events } from '../../db/schema';
import type { Bindings } from '../../env';
import { sha256Hex } from '../../lib/crypto';
import { notFound } from '../../lib/errors';
import { newId } from '../../lib/ids';
import { type ListSpec, pagination, parseListQuery, pickFields } from '../../lib/list-query';
import { sendMessages, type WebhookMessage } from '../../outbox/messages';
import type { ServiceContext } from '../context';
import { EVENT_TYPES, type EventType } from '../../domain/event-types';

export { EVENT_TYPES, type EventType };


/** Sent only by POST /v1/webhook-endpoints/{id}/test, to that endpoint alone. */
export const TEST_EVENT_TYPE = 'webhook.test';

export interface EventDraft {
  environmentId: string;
  type: EventType | typeof TEST_EVENT_TYPE;
  /** The object after the change, exactly as the API returns it (toUserResource, toRewardResource, …). */
  data: Record<string, unknown>;
  /**
   * Give one whenever the write can run more than once (Durable Object projections, alarms,
   * retried jobs): use `eventId(type, objectId)`, so a rerun inserts nothing new. Random otherwise.
   */
  id?: string;
  createdAt?: string;
}

/**
 * THE way to emit an event (the transactional outbox). Put the statement in the SAME
 * `db.batch([...])` as the state change it describes, so both commit or neither does:
 *
 *   const evt = { environmentId, type: 'reward.paid', data: toRewardResource(after), id: await eventId('reward.paid', reward.id) };
 *   await db.batch([db.update(rewards).set(...).where(...), eventInsert(db, evt)]);
 *   await publishEvents(env, [evt.id]);   // optional: delivery within a second instead of the next sweep
 *
 * A conflicting id inserts nothing (idempotent reruns). Delivery never runs in the request:
 * the queue consumer (or, if the publish is lost, the minute sweep) fans the event out.
 */
export function eventInsert(db: Db, draft: EventDraft) {
  return db
    .insert(events)
    .values({
      id: draft.id ?? newId('evt'),
      environmentId: draft.environmentId,
      type: draft.type,
      data: draft.data,
      createdAt: draft.createdAt ?? new Date().toISOString(),
    })
    .onConflictDoNothing();
}

/** A deterministic event id: the same (type, object) always gives the same `evt_…`. */
export async function eventId(type: string, objectId: string): Promise<string> {
  return `evt_${(await sha256Hex(`${type}:${objectId}`)).slice(0, 24)}`;
}

/**
 * Hands committed events to the queue for fan-out. Best effort by design: if this fails
 * (or the isolate dies first) the sweep finds the events by `dispatched_at IS NULL`.
 */
export async function publishEvents(env: Pick<Bindings, 'WEBHOOK_QUEUE'>, ids: string[]): Promise<void> {
  if (!ids.length) return;
  try {
    await sendMessages(
      env.WEBHOOK_QUEUE,
      ids.map((id): { body: WebhookMessage } => ({ body: { kind: 'event', id } })),
    );
  } catch (err) {
    console.error(JSON.stringify({ level: 'warn', message: 'event publish failed; the sweep will dispatch', ids, error: String(err) }));
  }
}

export function toEventResource(e: Event) {
  return { id: e.id, object: 'event' as const, type: e.type, created_at: e.createdAt, environment_id: e.environmentId, data: e.data };
}

export const eventListSpec: ListSpec = {
  columns: { id: events.id, type: events.type, created_at: events.createdAt },
  fields: ['id', 'object', 'type', 'created_at', 'environment_id', 'data'],
  relations: [],
  defaultOrder: 'created_at',
};

export async function listEvents(ctx: ServiceContext, url: string) {
  const query = parseListQuery(new URL(url).searchParams, eventListSpec, events.id);
  const scope = and(eq(events.environmentId, ctx.caller.environmentId), query.where);
  const [rows, [totals]] = await ctx.db.batch([
    ctx.db
      .select()
      .from(events)
      .where(scope)
      .orderBy(...query.orderBy)
      .limit(query.perPage)
      .offset((query.page - 1) * query.perPage),
    ctx.db.select({ total: count() }).from(events).where(scope),
  ]);
  return {
    data: rows.map((e) => pickFields(toEventResource(e), query.fields, [])),
    ...pagination(url, query, totals?.total ?? 0, rows.length),
  };
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
