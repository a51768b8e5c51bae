import { and, eq, isNull, sql } from 'drizzle-orm';
import { inValues } from '../../db/d1-limits';
import type { Db } from '../../db/client';
import { events, type WebhookDelivery, webhookDeliveries, webhookEndpoints } from '../../db/schema';
import { retryDelayMs } from '../../domain/webhooks/retry-schedule';
import { webhookUrlProblem } from '../../domain/webhooks/url-policy';
import type { Bindings } from '../../env';
import { MAX_QUEUE_DELAY_S, sendMessages } from '../../outbox/messages';
import { send } from './send';

const DEFAULT_TIMEOUT_MS = 15_000;
/** An attempt holds its delivery this long past the timeout; if the worker dies, the sweep takes it back after. */
const LEASE_MARGIN_MS = 30_000;
/** An endpoint that has failed every attempt for this long is disabled. */
export const DISABLE_AFTER_MS = 5 * 86_400_000;

export const timeoutMs = (env: Pick<Bindings, 'WEBHOOK_TIMEOUT_MS'>) => Number(env.WEBHOOK_TIMEOUT_MS) || DEFAULT_TIMEOUT_MS;

export const leaseUntil = (env: Pick<Bindings, 'WEBHOOK_TIMEOUT_MS'>, now: number) => now + timeoutMs(env) + LEASE_MARGIN_MS;

/**
 * Claims the attempts these messages ask for: delivery `id` at its due time `at`. The claim is
 * a conditional update on (status, next_attempt_at = at): of several messages for the same
 * attempt only one proceeds, and a message for an attempt already made is ignored. A claimed
 * delivery has its attempt counted and a lease in next_attempt_at.
 */
export async function claim(db: Db, env: Pick<Bindings, 'WEBHOOK_TIMEOUT_MS'>, due: { id: string; at: number }[]): Promise<WebhookDelivery[]> {
  if (!due.length) return [];
  const now = Date.now();
  const [first, ...rest] = due.map((d) =>
    db
      .update(webhookDeliveries)
      .set({ nextAttemptAt: leaseUntil(env, now), attempts: sql`${webhookDeliveries.attempts} + 1`, updatedAt: new Date(now).toISOString() })
      .where(and(eq(webhookDeliveries.id, d.id), eq(webhookDeliveries.status, 'pending'), eq(webhookDeliveries.nextAttemptAt, d.at)))
      .returning(),
  );
  const results = await db.batch([first as NonNullable<typeof first>, ...rest]);
  return results.flat();
}

/**
 * Makes the claimed attempts (concurrently), then records every outcome in one D1 batch and
 * queues the retries. Two reads and one write for the lot, whatever their number.
 */
export async function attempt(db: Db, env: Pick<Bindings, 'WEBHOOK_QUEUE' | 'WEBHOOK_TIMEOUT_MS' | 'APP_ENV'>, claimed: WebhookDelivery[]): Promise<void> {
  if (!claimed.length) return;
  const [endpointRows, eventRows] = await db.batch([
    db.select().from(webhookEndpoints).where(inValues(webhookEndpoints.id, [...new Set(claimed.map((d) => d.endpointId))])),
    db.select().from(events).where(inValues(events.id, [...new Set(claimed.map((d) => d.eventId))])),
  ]);
  const endpoints = new Map(endpointRows.map((e) => [e.id, e]));
  const eventById = new Map(eventRows.map((e) => [e.id, e]));
  const limit = timeoutMs(env);
  const results = await Promise.all(
    claimed.map(async (delivery) => {
      const endpoint = endpoints.get(delivery.endpointId);
      const event = eventById.get(delivery.eventId);
      const refusal = !endpoint || !event ? 'endpoint or event deleted' : !endpoint.enabled ? 'endpoint disabled' : webhookUrlProblem(endpoint.url, env.APP_ENV === 'development');
      if (refusal || !endpoint || !event) return { delivery, endpoint, refusal: refusal ?? 'endpoint or event deleted' } as const;
      const outcome = await send(endpoint, event, Date.now(), limit);
      return { delivery, endpoint, outcome, finished: Date.now() } as const;
    }),
  );
  const writes = [];
  const retries: { id: string; at: number }[] = [];
  for (const r of results) {
    if ('refusal' in r) {
      // Not an attempt: nothing was sent. A retry after re-enabling starts from the same count.
      writes.push(
        db
          .update(webhookDeliveries)
          .set({ status: 'failed', attempts: r.delivery.attempts - 1, nextAttemptAt: null, lastError: r.refusal, updatedAt: new Date().toISOString() })
          .where(eq(webhookDeliveries.id, r.delivery.id)),
      );
      continue;
    }
    const { delivery, endpoint, outcome, finished } = r;
    const iso = new Date(finished).toISOString();
    const recorded = { lastAttemptAt: finished, lastStatusCode: outcome.status, lastResponseBody: outcome.body, updatedAt: iso };
    const row = eq(webhookDeliveries.id, delivery.id);
    if (outcome.kind === 'success') {
      writes.push(db.update(webhookDeliveries).set({ ...recorded, status: 'succeeded', nextAttemptAt: null, lastError: null }).where(row));
      if (endpoint.failingSince) writes.push(db.update(webhookEndpoints).set({ failingSince: null }).where(eq(webhookEndpoints.id, endpoint.id)));
      continue;
    }
    if (outcome.kind === 'gone') {
      writes.push(db.update(webhookDeliveries).set({ ...recorded, status: 'failed', nextAttemptAt: null, lastError: 'endpoint answered 410 Gone' }).where(row));
      writes.push(disable(db, endpoint.id, `The endpoint answered 410 Gone at ${iso}.`));
      continue;
    }
    const delay = retryDelayMs(delivery.attempts, Math.random(), outcome.retryAfterMs);
    const next = delay === null ? null : finished + delay;
    const failingSince = endpoint.failingSince ?? iso;
    const failingTooLong = finished - Date.parse(failingSince) >= DISABLE_AFTER_MS;
    writes.push(db.update(webhookDeliveries).set({ ...recorded, status: next === null ? 'failed' : 'pending', nextAttemptAt: next, lastError: outcome.error }).where(row));
    writes.push(
      failingTooLong
        ? disable(db, endpoint.id, `Every attempt since ${failingSince} failed (last: ${outcome.status ?? outcome.error}).`)
        : db.update(webhookEndpoints).set({ failingSince }).where(and(eq(webhookEndpoints.id, endpoint.id), isNull(webhookEndpoints.failingSince))),
    );
    if (next !== null && !failingTooLong) retries.push({ id: delivery.id, at: next });
  }
  const [first, ...rest] = writes;
  if (first) await db.batch([first, ...rest]);
  await schedule(env, retries);
}

/** Queues attempts with a delay when the queue can hold them that long; the sweep takes the others when due. */
export async function schedule(env: Pick<Bindings, 'WEBHOOK_QUEUE'>, due: { id: string; at: number }[]): Promise<void> {
  const now = Date.now();
  const messages = due
    .map((d) => ({ body: { kind: 'delivery' as const, id: d.id, at: d.at }, delaySeconds: Math.max(0, Math.ceil((d.at - now) / 1000)) }))
    .filter((m) => m.delaySeconds <= MAX_QUEUE_DELAY_S);
  if (!messages.length) return;
  try {
    await sendMessages(env.WEBHOOK_QUEUE, messages);
  } catch (err) {
    console.error(JSON.stringify({ level: 'warn', message: 'could not queue webhook attempts; the sweep will', ids: due.map((d) => d.id), error: String(err) }));
  }
}

const disable = (db: Db, endpointId: string, reason: string) =>
  db
    .update(webhookEndpoints)
    .set({ enabled: false, disabledReason: reason, updatedAt: new Date().toISOString() })
    .where(eq(webhookEndpoints.id, endpointId));
