import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { events } from '../db/schema';
import type { EventType } from '../domain/event-types';
import { newId } from '../lib/ids';
import { eventMessages, sendMessages, type WebhookMessage } from './messages';

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

const verbOf = (type: string) => type.slice(type.indexOf('.') + 1);

/**
 * THE event-id scheme. A change that happens at most once per object (a referral is created
 * once, a reward paid once) has the deterministic id `evt_<object id>_<verb>`, so a rerun or a
 * racing writer inserts nothing twice; every other event gets a random `evt_…` (`eventInsert`'s
 * default). `eventIdSql` is the same id built by SQLite, for events written by INSERT … SELECT.
 */
export const eventId = (type: string, objectId: string) => `evt_${objectId}_${verbOf(type)}`;
export const eventIdSql = (type: string, objectKey: SQL) => sql`'evt_' || ${objectKey} || '_' || ${verbOf(type)}`;

/**
 * THE way to emit an event (the transactional outbox). Put the statement in the SAME
 * `db.batch([...])` as the state change it describes, so both commit or neither does:
 *
 *   const evt = { environmentId, type: 'reward.paid', data: toRewardResource(after), id: eventId('reward.paid', reward.id) };
 *   await db.batch([db.update(rewards).set(...).where(...), eventInsert(db, evt)]);
 *   await publishEvents(env, [evt.id]);   // optional: delivery within a second instead of the next sweep
 *
 * A conflicting id inserts nothing (idempotent reruns). Delivery never runs in the request:
 * the queue consumer (or, if the publish is lost, the minute sweep) fans the event out.
 */
export function eventInsert(db: Db, draft: EventDraft) {
  return db.insert(events).values(eventRow(draft)).onConflictDoNothing();
}

/** The row `eventInsert` writes for a draft (also written in bulk by the campaign object's bursts). */
export function eventRow(draft: EventDraft): typeof events.$inferInsert {
  return {
    id: draft.id ?? newId('evt'),
    environmentId: draft.environmentId,
    type: draft.type,
    data: draft.data,
    createdAt: draft.createdAt ?? new Date().toISOString(),
  };
}

/**
 * Hands committed events to the queue for fan-out, up to 100 ids per message (one queue
 * operation for a whole burst, not one per event). Best effort by design: if this fails
 * (or the isolate dies first) the sweep finds the events by `dispatched_at IS NULL`.
 */
export async function publishEvents(env: { WEBHOOK_QUEUE: Queue<WebhookMessage> }, ids: string[]): Promise<void> {
  if (!ids.length) return;
  try {
    await sendMessages(env.WEBHOOK_QUEUE, eventMessages(ids));
  } catch (err) {
    console.error(JSON.stringify({ level: 'warn', message: 'event publish failed; the sweep will dispatch', ids, error: String(err) }));
  }
}
