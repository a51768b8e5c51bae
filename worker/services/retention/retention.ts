import { and, asc, gte, inArray, lt, ne, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { campaigns, events, idempotencyKeys, webhookDeliveries } from '../../db/schema';
import type { Bindings } from '../../env';
import { IDEMPOTENCY_TTL_MS } from '../../lib/idempotency';
import { newId } from '../../lib/ids';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/** Rows deleted per table per run (the cron runs every minute): bounded work, the rest waits. */
export const RETENTION_BATCH = 500;
/** Campaign objects whose history one run prunes. */
export const OBJECTS_PER_RUN = 5;

export interface RetentionWindows {
  eventsMs: number;
  deliveriesMs: number;
  idempotencyMs: number;
  objectHistoryMs: number;
}

type RetentionVars = Pick<Bindings, 'RETENTION_EVENTS_DAYS' | 'RETENTION_DELIVERIES_DAYS' | 'RETENTION_IDEMPOTENCY_HOURS' | 'RETENTION_OBJECT_HISTORY_DAYS'>;

const positive = (value: string | undefined, fallback: number) => {
  const n = Number(value);
  return value !== undefined && value !== '' && Number.isFinite(n) && n > 0 ? n : fallback;
};

/**
 * The windows (docs/privacy.md), from wrangler vars. A delivery never outlives its event (the
 * events window is at least the deliveries'), and a stored idempotent answer lives at least as
 * long as it can be replayed (24 h).
 */
export function retentionWindows(vars: RetentionVars): RetentionWindows {
  const deliveriesMs = positive(vars.RETENTION_DELIVERIES_DAYS, 30) * DAY_MS;
  return {
    deliveriesMs,
    eventsMs: Math.max(positive(vars.RETENTION_EVENTS_DAYS, 90) * DAY_MS, deliveriesMs),
    idempotencyMs: Math.max(positive(vars.RETENTION_IDEMPOTENCY_HOURS, 24) * HOUR_MS, IDEMPOTENCY_TTL_MS),
    objectHistoryMs: positive(vars.RETENTION_OBJECT_HISTORY_DAYS, 400) * DAY_MS,
  };
}

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * One run of retention (the scheduled job): deletes the oldest rows past their window, at most
 * RETENTION_BATCH per table, in one D1 batch, then asks a few campaign objects to prune their
 * own history. Events are kept while a delivery of them is still pending (it must stay sendable).
 */
export async function pruneExpired(db: Db, env: Pick<Bindings, 'CAMPAIGN'> & RetentionVars, now: number) {
  const w = retentionWindows(env);
  // A random starting point, wrapping round: every campaign's object is visited, a few per run.
  const start = newId('cmp');
  const [deliveries, eventRows, idempotency, fromStart, fromFirst] = await db.batch([
    db.delete(webhookDeliveries).where(
      inArray(
        webhookDeliveries.id,
        db.select({ id: webhookDeliveries.id }).from(webhookDeliveries)
          .where(and(lt(webhookDeliveries.createdAt, iso(now - w.deliveriesMs)), ne(webhookDeliveries.status, 'pending')))
          .orderBy(asc(webhookDeliveries.createdAt)).limit(RETENTION_BATCH),
      ),
    ).returning({ id: webhookDeliveries.id }),
    db.delete(events).where(
      inArray(
        events.id,
        db.select({ id: events.id }).from(events)
          .where(and(
            lt(events.createdAt, iso(now - w.eventsMs)),
            sql`${events.dispatchedAt} IS NOT NULL`,
            sql`NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.event_id = ${events.id} AND d.status = 'pending')`,
          ))
          .orderBy(asc(events.createdAt)).limit(RETENTION_BATCH),
      ),
    ).returning({ id: events.id }),
    db.delete(idempotencyKeys).where(
      sql`rowid IN (SELECT rowid FROM idempotency_keys WHERE created_at < ${iso(now - w.idempotencyMs)} ORDER BY created_at LIMIT ${RETENTION_BATCH})`,
    ).returning({ key: idempotencyKeys.key }),
    db.select({ id: campaigns.id }).from(campaigns).where(gte(campaigns.id, start)).orderBy(asc(campaigns.id)).limit(OBJECTS_PER_RUN),
    db.select({ id: campaigns.id }).from(campaigns).orderBy(asc(campaigns.id)).limit(OBJECTS_PER_RUN),
  ]);
  const picked = [...new Set([...fromStart, ...fromFirst].map((c) => c.id))].slice(0, OBJECTS_PER_RUN);
  const pruned = await Promise.all(
    picked.map(async (id) => {
      try {
        return await env.CAMPAIGN.getByName(id).pruneHistory(now - w.objectHistoryMs, RETENTION_BATCH);
      } catch (err) {
        console.error(`retention: campaign object ${id} could not prune; a later run will`, err);
        return 0;
      }
    }),
  );
  return { deliveries: deliveries.length, events: eventRows.length, idempotency: idempotency.length, objectHistory: pruned.reduce((a, b) => a + b, 0), objects: picked.length };
}
