import { and, asc, eq, isNull, lte } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { events, webhookDeliveries } from '../../db/schema';
import type { Bindings } from '../../env';
import { eventMessages, sendMessages, type WebhookMessage } from '../../outbox/messages';

/** Events younger than this are left to the publish that follows their commit. */
const EVENT_GRACE_MS = 10_000;
/** Work moved per sweep; the rest waits a minute. */
const SWEEP_LIMIT = 1000;

/**
 * The safety net under the queue (cron, every minute; `now` is the cron's scheduled time).
 * 1. Events whose commit was never followed by a publish (the isolate died, the queue
 *    refused) are queued for fan-out.
 * 2. Pending deliveries whose attempt is due are queued: attempts scheduled beyond the
 *    queue's 12-hour delay limit, messages lost, and attempts whose worker died mid-flight
 *    (their lease in next_attempt_at ran out). A duplicate message is harmless: the attempt's
 *    claim lets only one through.
 */
export async function sweep(db: Db, env: Pick<Bindings, 'WEBHOOK_QUEUE'>, now: number): Promise<{ events: number; deliveries: number }> {
  const [undispatched, due] = await db.batch([
    db
      .select({ id: events.id })
      .from(events)
      .where(and(isNull(events.dispatchedAt), lte(events.createdAt, new Date(now - EVENT_GRACE_MS).toISOString())))
      .orderBy(asc(events.createdAt))
      .limit(SWEEP_LIMIT),
    db
      .select({ id: webhookDeliveries.id, at: webhookDeliveries.nextAttemptAt })
      .from(webhookDeliveries)
      .where(and(eq(webhookDeliveries.status, 'pending'), lte(webhookDeliveries.nextAttemptAt, now)))
      .orderBy(asc(webhookDeliveries.nextAttemptAt))
      .limit(SWEEP_LIMIT),
  ]);
  const messages: { body: WebhookMessage }[] = [
    ...eventMessages(undispatched.map((e) => e.id)),
    ...due.map((d) => ({ body: { kind: 'delivery' as const, id: d.id, at: d.at as number } })),
  ];
  await sendMessages(env.WEBHOOK_QUEUE, messages);
  return { events: undispatched.length, deliveries: due.length };
}
