/**
 * What travels on the WEBHOOK_QUEUE. Messages are hints, never the truth: D1 holds the
 * state, so a lost message is recovered by the sweep and a duplicate is dropped.
 *  - `event`: fan this event out into one delivery per subscribed endpoint.
 *  - `delivery`: make the attempt that was due at `at` (epoch ms). If the delivery has moved
 *    on (already attempted, settled, or rescheduled), the message is stale and ignored.
 *  - `relink`: rewrite one page of a campaign's share-link records in KV from D1, starting at
 *    the KV list `cursor` (null: the first page), and queue the next page
 *    (services/share-links/relink.ts). The sweep does not know relinks: a lost one leaves
 *    records stale until a follow heals them (services/share-links/links.ts).
 */
export type WebhookMessage =
  | { kind: 'event'; id: string }
  | { kind: 'delivery'; id: string; at: number }
  | { kind: 'relink'; campaignId: string; cursor: string | null };

/** Queues refuse delays over 12 hours; longer waits are left to the sweep. */
export const MAX_QUEUE_DELAY_S = 43_200;

/** sendBatch takes at most 100 messages. */
export const MAX_SEND_BATCH = 100;

export async function sendMessages(queue: Queue<WebhookMessage>, messages: { body: WebhookMessage; delaySeconds?: number }[]): Promise<void> {
  for (let i = 0; i < messages.length; i += MAX_SEND_BATCH) {
    await queue.sendBatch(messages.slice(i, i + MAX_SEND_BATCH));
  }
}
