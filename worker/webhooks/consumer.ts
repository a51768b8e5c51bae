import { getDb } from '../db/client';
import type { Bindings } from '../env';
import { attemptDelivery } from './attempt';
import { fanOut } from './fan-out';
import type { WebhookMessage } from './messages';

/**
 * The queue consumer. An event message fans out and makes the first attempts right here
 * (no second hop through the queue); a delivery message makes one attempt. Messages of a
 * batch run concurrently: one slow receiver does not hold up the others.
 */
export async function consumeWebhookBatch(batch: MessageBatch<WebhookMessage>, env: Bindings): Promise<void> {
  const db = getDb(env);
  await Promise.all(
    batch.messages.map(async (message) => {
      try {
        const body = message.body;
        if (body.kind === 'event') {
          const due = await fanOut(db, body.id, Date.now());
          await Promise.all(due.map((d) => attemptDelivery(db, env, d.id, d.at)));
        } else {
          await attemptDelivery(db, env, body.id, body.at);
        }
        message.ack();
      } catch (err) {
        console.error(JSON.stringify({ level: 'error', message: 'webhook message failed', body: message.body, error: String(err) }));
        message.retry();
      }
    }),
  );
}
