import { getDb } from '../../db/client';
import type { Bindings } from '../../env';
import { attempt, claim, leaseUntil, schedule } from './attempt';
import { fanOut } from './fan-out';
import { eventIdsOf, type WebhookMessage } from '../../outbox/messages';

/**
 * Attempts one run makes at most (each a subrequest; a paid Worker may make 10,000, an older
 * paid plan 1,000). Deliveries fanned out past it go back on the queue as delivery messages.
 */
export const MAX_ATTEMPTS_PER_RUN = 500;

/**
 * The queue consumer's webhook messages, one batch at a time: the batch's events fan out in one D1 batch into
 * deliveries already claimed for their first attempt (up to MAX_ATTEMPTS_PER_RUN; the rest are
 * queued as delivery messages), the batch's delivery messages claim their attempts in another,
 * then every attempt of the batch runs concurrently and their outcomes are recorded in one write.
 * Everything is idempotent, so on any error the whole batch is retried (and failing that, the
 * sweep finds whatever is still due).
 */
export async function consumeWebhookBatch(messages: readonly Message<WebhookMessage>[], env: Bindings): Promise<void> {
  if (!messages.length) return;
  const db = getDb(env);
  const bodies = messages.map((m) => m.body);
  try {
    const eventIds = eventIdsOf(bodies);
    const due = bodies.flatMap((b) => (b.kind === 'delivery' ? [{ id: b.id, at: b.at }] : []));
    const [fresh, claimed] = await Promise.all([fanOut(db, eventIds, leaseUntil(env, Date.now()), Math.max(0, MAX_ATTEMPTS_PER_RUN - due.length)), claim(db, env, due)]);
    await Promise.all([attempt(db, env, [...fresh.claimed, ...claimed]), schedule(env, fresh.queued)]);
    for (const m of messages) m.ack();
  } catch (err) {
    console.error(JSON.stringify({ level: 'error', message: 'webhook batch failed; retrying it', bodies, error: String(err) }));
    for (const m of messages) m.retry();
  }
}
