import { and, eq, isNull, not, type SQL, sql } from 'drizzle-orm';
import { chunkInsert, inValues } from '../../db/d1-limits';
import type { Db } from '../../db/client';
import { events, type WebhookDelivery, webhookDeliveries, webhookEndpoints } from '../../db/schema';
import { newId } from '../../lib/ids';

/**
 * Turns events into one delivery per enabled endpoint of their environment that subscribes
 * to their type (and existed when the event happened), and marks the events dispatched: one D1
 * round trip when none of their environments has an enabled endpoint, two otherwise (the
 * deliveries and the marks go in one batch). Up to `claimAtMost` deliveries are born claimed for
 * their first attempt (attempts 1, the lease in next_attempt_at), so the caller sends them at
 * once without another write; the others are born due (attempts 0, next_attempt_at now) and
 * returned as `queued`, for the caller to hand to the queue as delivery messages (or, failing
 * that, for the sweep). Safe to repeat:
 * (endpoint, event) is unique and only rows this run inserted are returned; if the caller dies
 * before sending, the sweep takes them back when the lease runs out.
 */
export async function fanOut(
  db: Db,
  eventIds: string[],
  lease: number,
  claimAtMost = Number.POSITIVE_INFINITY,
): Promise<{ claimed: WebhookDelivery[]; queued: { id: string; at: number }[] }> {
  const none = { claimed: [], queued: [] };
  if (!eventIds.length) return none;
  const undispatched = and(inValues(events.id, eventIds), isNull(events.dispatchedAt));
  const anyEndpoint = sql`EXISTS (SELECT 1 FROM ${webhookEndpoints} WHERE ${webhookEndpoints.environmentId} = ${events.environmentId} AND ${webhookEndpoints.enabled} = 1)`;
  // One round trip: what routing needs (not the payloads; the attempt reads those) of the events
  // whose environment has an endpoint, those endpoints, and the rest marked dispatched at once:
  // an environment without endpoints costs this one trip, and no row travels back.
  const [pending, endpoints] = await db.batch([
    db
      .select({ id: events.id, environmentId: events.environmentId, type: events.type, createdAt: events.createdAt })
      .from(events)
      .where(and(undispatched, anyEndpoint)),
    db
      .select({ id: webhookEndpoints.id, environmentId: webhookEndpoints.environmentId, events: webhookEndpoints.events, createdAt: webhookEndpoints.createdAt })
      .from(webhookEndpoints)
      .where(and(eq(webhookEndpoints.enabled, true), sql`${webhookEndpoints.environmentId} IN (SELECT ${events.environmentId} FROM ${events} WHERE ${undispatched})`)),
    markDispatched(db, and(undispatched, not(anyEndpoint))),
  ]);
  if (!pending.length) return none;
  const now = Date.now();
  const rows = pending.flatMap((event) =>
    endpoints
      // An endpoint gets the events that happen after it was created, not older ones dispatched late.
      .filter((e) => e.environmentId === event.environmentId && e.createdAt <= event.createdAt && (e.events.includes('*') || e.events.includes(event.type)))
      .map((e) => ({
        id: newId('whd'),
        environmentId: event.environmentId,
        endpointId: e.id,
        eventId: event.id,
        eventType: event.type,
        status: 'pending' as const,
        attempts: 1,
        nextAttemptAt: lease,
      })),
  );
  rows.forEach((row, i) => {
    if (i >= claimAtMost) Object.assign(row, { attempts: 0, nextAttemptAt: now });
  });
  const inserts = [];
  for (const slice of chunkInsert(webhookDeliveries, rows)) inserts.push(db.insert(webhookDeliveries).values(slice).onConflictDoNothing().returning());
  const marks = markDispatched(db, and(inValues(events.id, pending.map((e) => e.id)), isNull(events.dispatchedAt)));
  const results: unknown[] = await db.batch([marks, ...inserts]);
  const inserted = (results.slice(1) as WebhookDelivery[][]).flat();
  return {
    claimed: inserted.filter((d) => d.attempts === 1),
    queued: inserted.filter((d) => d.attempts === 0).map((d) => ({ id: d.id, at: d.nextAttemptAt as number })),
  };
}

const markDispatched = (db: Db, where: SQL | undefined) => db.update(events).set({ dispatchedAt: new Date().toISOString() }).where(where);
