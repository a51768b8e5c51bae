import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { type Event, events, type WebhookEndpoint, webhookDeliveries, webhookEndpoints } from '../db/schema';
import { parseRetryAfter, retryDelayMs } from '../domain/webhooks/retry-schedule';
import { signatureHeader } from '../domain/webhooks/signature';
import { webhookUrlProblem } from '../domain/webhooks/url-policy';
import type { Bindings } from '../env';
import { toEventResource } from '../services/events';
import { MAX_QUEUE_DELAY_S, sendMessages } from './messages';

const DEFAULT_TIMEOUT_MS = 15_000;
/** An attempt holds its delivery this long past the timeout; if the worker dies, the sweep takes it back after. */
const LEASE_MARGIN_MS = 30_000;
const BODY_LIMIT = 1024;
/** An endpoint that has failed every attempt for this long is disabled. */
export const DISABLE_AFTER_MS = 5 * 86_400_000;

type Outcome =
  | { kind: 'success'; status: number; body: string }
  | { kind: 'gone'; status: number; body: string }
  | { kind: 'failure'; status: number | null; body: string | null; error: string | null; retryAfterMs: number | null };

export const timeoutMs = (env: Pick<Bindings, 'WEBHOOK_TIMEOUT_MS'>) => Number(env.WEBHOOK_TIMEOUT_MS) || DEFAULT_TIMEOUT_MS;

/**
 * Makes the attempt of delivery `id` that was due at `at`, records it and schedules the next.
 * The claim is a conditional update on (status, next_attempt_at = at): of several messages for
 * the same attempt only one proceeds, and a message for an attempt already made is ignored.
 * `random` is the jitter source (tests pass a fixed one only through the pure schedule tests).
 */
export async function attemptDelivery(db: Db, env: Pick<Bindings, 'WEBHOOK_QUEUE' | 'WEBHOOK_TIMEOUT_MS' | 'APP_ENV'>, id: string, at: number): Promise<void> {
  const started = Date.now();
  const limit = timeoutMs(env);
  const [claimed] = await db
    .update(webhookDeliveries)
    .set({ nextAttemptAt: started + limit + LEASE_MARGIN_MS, attempts: sql`${webhookDeliveries.attempts} + 1`, updatedAt: new Date(started).toISOString() })
    .where(and(eq(webhookDeliveries.id, id), eq(webhookDeliveries.status, 'pending'), eq(webhookDeliveries.nextAttemptAt, at)))
    .returning();
  if (!claimed) return;

  const [endpoint, event] = await Promise.all([
    db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, claimed.endpointId)).get(),
    db.select().from(events).where(eq(events.id, claimed.eventId)).get(),
  ]);
  const refusal = !endpoint || !event ? 'endpoint or event deleted' : !endpoint.enabled ? 'endpoint disabled' : webhookUrlProblem(endpoint.url, env.APP_ENV === 'development');
  if (refusal || !endpoint || !event) {
    // Not an attempt: nothing was sent. A retry after re-enabling starts from the same count.
    await db
      .update(webhookDeliveries)
      .set({ status: 'failed', attempts: claimed.attempts - 1, nextAttemptAt: null, lastError: refusal, updatedAt: new Date().toISOString() })
      .where(eq(webhookDeliveries.id, id));
    return;
  }

  const outcome = await send(endpoint, event, started, limit);
  const finished = Date.now();
  const iso = new Date(finished).toISOString();
  const recorded = { lastAttemptAt: finished, lastStatusCode: outcome.status, lastResponseBody: outcome.body, updatedAt: iso };

  if (outcome.kind === 'success') {
    await db.batch([
      db.update(webhookDeliveries).set({ ...recorded, status: 'succeeded', nextAttemptAt: null, lastError: null }).where(eq(webhookDeliveries.id, id)),
      db.update(webhookEndpoints).set({ failingSince: null }).where(and(eq(webhookEndpoints.id, endpoint.id), sql`${webhookEndpoints.failingSince} IS NOT NULL`)),
    ]);
    return;
  }
  if (outcome.kind === 'gone') {
    await db.batch([
      db.update(webhookDeliveries).set({ ...recorded, status: 'failed', nextAttemptAt: null, lastError: 'endpoint answered 410 Gone' }).where(eq(webhookDeliveries.id, id)),
      disable(db, endpoint.id, `The endpoint answered 410 Gone at ${iso}.`),
    ]);
    return;
  }

  const delay = retryDelayMs(claimed.attempts, Math.random(), outcome.retryAfterMs);
  const next = delay === null ? null : finished + delay;
  const failingSince = endpoint.failingSince ?? iso;
  const failingTooLong = finished - Date.parse(failingSince) >= DISABLE_AFTER_MS;
  await db.batch([
    db
      .update(webhookDeliveries)
      .set({ ...recorded, status: next === null ? 'failed' : 'pending', nextAttemptAt: next, lastError: outcome.error })
      .where(eq(webhookDeliveries.id, id)),
    failingTooLong
      ? disable(db, endpoint.id, `Every attempt since ${failingSince} failed (last: ${outcome.status ?? outcome.error}).`)
      : db.update(webhookEndpoints).set({ failingSince }).where(and(eq(webhookEndpoints.id, endpoint.id), isNull(webhookEndpoints.failingSince))),
  ]);
  if (next !== null && !failingTooLong) await schedule(env, id, next);
}

/** Queues the next attempt with a delay when the queue can hold it that long; otherwise the sweep will. */
export async function schedule(env: Pick<Bindings, 'WEBHOOK_QUEUE'>, id: string, at: number): Promise<void> {
  const delaySeconds = Math.max(0, Math.ceil((at - Date.now()) / 1000));
  if (delaySeconds > MAX_QUEUE_DELAY_S) return;
  try {
    await sendMessages(env.WEBHOOK_QUEUE, [{ body: { kind: 'delivery', id, at }, delaySeconds }]);
  } catch (err) {
    console.error(JSON.stringify({ level: 'warn', message: 'could not queue a webhook attempt; the sweep will', id, error: String(err) }));
  }
}

const disable = (db: Db, endpointId: string, reason: string) =>
  db
    .update(webhookEndpoints)
    .set({ enabled: false, disabledReason: reason, updatedAt: new Date().toISOString() })
    .where(eq(webhookEndpoints.id, endpointId));

/** The signing secrets in force: the current one, and the previous one during its grace period. */
export function signingSecrets(endpoint: WebhookEndpoint, now: number): string[] {
  const previous = endpoint.previousSecret && endpoint.previousSecretExpiresAt && Date.parse(endpoint.previousSecretExpiresAt) > now ? [endpoint.previousSecret] : [];
  return [endpoint.secret, ...previous];
}

async function send(endpoint: WebhookEndpoint, event: Event, now: number, limit: number): Promise<Outcome> {
  const timestamp = Math.floor(now / 1000);
  const body = JSON.stringify({ ...toEventResource(event), timestamp: event.createdAt });
  const headers = {
    'content-type': 'application/json',
    'user-agent': 'Referrio-Webhooks/1',
    'webhook-id': event.id,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': await signatureHeader(signingSecrets(endpoint, now), event.id, timestamp, body),
  };
  try {
    const signal = AbortSignal.timeout(limit);
    const res = await fetch(endpoint.url, { method: 'POST', headers, body, redirect: 'manual', signal });
    const text = (await res.text()).slice(0, BODY_LIMIT);
    if (res.status >= 200 && res.status < 300) return { kind: 'success', status: res.status, body: text };
    if (res.status === 410) return { kind: 'gone', status: res.status, body: text };
    const error = res.status >= 300 && res.status < 400 ? `redirect to ${res.headers.get('location') ?? '(no location)'} (not followed)` : null;
    return { kind: 'failure', status: res.status, body: text, error, retryAfterMs: parseRetryAfter(res.headers.get('retry-after'), Date.now()) };
  } catch (err) {
    const name = err instanceof Error ? err.name : '';
    const error = name === 'TimeoutError' || name === 'AbortError' ? `timeout after ${limit} ms` : `connection error: ${err instanceof Error ? err.message : String(err)}`;
    return { kind: 'failure', status: null, body: null, error, retryAfterMs: null };
  }
}
