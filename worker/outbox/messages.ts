/**
 * What travels on the WEBHOOK_QUEUE. Messages are hints, never the truth: D1 holds the
 * state, so a lost message is recovered by the sweep and a duplicate is dropped.
 *  - `events`: fan these events out into one delivery per subscribed endpoint. One message carries
 *    up to EVENT_IDS_PER_MESSAGE ids (a campaign object's burst is one message, not one per event).
 *  - `event`: the same for one event, as published before `events` (still taken from the queue).
 *  - `delivery`: make the attempt that was due at `at` (epoch ms). If the delivery has moved
 *    on (already attempted, settled, or rescheduled), the message is stale and ignored.
 *  - `relink`: rewrite one page of a campaign's share-link records in KV from D1, starting at
 *    the KV list `cursor` (null: the first page), and queue the next page
 *    (services/share-links/relink.ts). The sweep does not know relinks: a lost one leaves
 *    records stale until a follow heals them (services/share-links/links.ts).
 */
export type WebhookMessage =
  | { kind: 'events'; ids: string[] }
  | { kind: 'event'; id: string }
  | { kind: 'delivery'; id: string; at: number }
  | { kind: 'relink'; campaignId: string; cursor: string | null };

/** Queues refuse delays over 12 hours; longer waits are left to the sweep. */
export const MAX_QUEUE_DELAY_S = 43_200;

/** sendBatch takes at most 100 messages. */
export const MAX_SEND_BATCH = 100;

/** Event ids per `events` message: a few kilobytes, far under the queue's 128 KB per message. */
export const EVENT_IDS_PER_MESSAGE = 100;

/** `events` messages for these ids, EVENT_IDS_PER_MESSAGE at most each. */
export function eventMessages(ids: readonly string[]): { body: WebhookMessage }[] {
  const messages: { body: WebhookMessage }[] = [];
  for (let i = 0; i < ids.length; i += EVENT_IDS_PER_MESSAGE) messages.push({ body: { kind: 'events', ids: ids.slice(i, i + EVENT_IDS_PER_MESSAGE) } });
  return messages;
}

/** The event ids a batch's messages ask to fan out, in order, each once. */
export const eventIdsOf = (bodies: readonly WebhookMessage[]): string[] => [
  ...new Set(bodies.flatMap((b) => (b.kind === 'events' ? b.ids : b.kind === 'event' ? [b.id] : []))),
];

export async function sendMessages(queue: Queue<WebhookMessage>, messages: { body: WebhookMessage; delaySeconds?: number }[]): Promise<void> {
  for (let i = 0; i < messages.length; i += MAX_SEND_BATCH) {
    await queue.sendBatch(messages.slice(i, i + MAX_SEND_BATCH));
  }
}
