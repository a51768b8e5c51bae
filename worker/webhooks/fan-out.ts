import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../db/client';
import { events, webhookDeliveries, webhookEndpoints } from '../db/schema';
import { newId } from '../lib/ids';

/** D1 binds at most 100 parameters per statement; a delivery row binds 8. */
const ROWS_PER_INSERT = 12;

export interface Due {
  id: string;
  at: number;
}

/**
 * Turns one event into a pending delivery per enabled endpoint of its environment that
 * subscribes to its type (and existed when the event happened), and marks the event dispatched, in one batch. Safe to repeat:
 * (endpoint, event) is unique, and only rows this run inserted are returned as due.
 */
export async function fanOut(db: Db, eventId: string, now: number): Promise<Due[]> {
  const event = await db.select().from(events).where(eq(events.id, eventId)).get();
  if (!event || event.dispatchedAt) return [];
  const endpoints = await db
    .select({ id: webhookEndpoints.id, events: webhookEndpoints.events, createdAt: webhookEndpoints.createdAt })
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.environmentId, event.environmentId), eq(webhookEndpoints.enabled, true)))
    .all();
  const rows = endpoints
    // An endpoint gets the events that happen after it was created, not older ones dispatched late.
    .filter((e) => e.createdAt <= event.createdAt && (e.events.includes('*') || e.events.includes(event.type)))
    .map((e) => ({
      id: newId('whd'),
      environmentId: event.environmentId,
      endpointId: e.id,
      eventId: event.id,
      eventType: event.type,
      status: 'pending' as const,
      attempts: 0,
      nextAttemptAt: now,
    }));
  const inserts = [];
  for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
    inserts.push(
      db
        .insert(webhookDeliveries)
        .values(rows.slice(i, i + ROWS_PER_INSERT))
        .onConflictDoNothing()
        .returning({ id: webhookDeliveries.id, at: webhookDeliveries.nextAttemptAt }),
    );
  }
  const markDispatched = db
    .update(events)
    .set({ dispatchedAt: new Date(now).toISOString() })
    .where(and(eq(events.id, event.id), isNull(events.dispatchedAt)));
  const results: unknown[] = await db.batch([markDispatched, ...inserts]);
  return (results.slice(1) as { id: string; at: number | null }[][]).flat().map((r) => ({ id: r.id, at: r.at ?? now }));
}
