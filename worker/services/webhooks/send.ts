import type { Event, WebhookEndpoint } from '../../db/schema';
import { parseRetryAfter } from '../../domain/webhooks/retry-schedule';
import { signatureHeader } from '../../domain/webhooks/signature';
import { toEventResource } from '../events/events';

const BODY_LIMIT = 1024;

export type Outcome =
  | { kind: 'success'; status: number; body: string }
  | { kind: 'gone'; status: number; body: string }
  | { kind: 'failure'; status: number | null; body: string | null; error: string | null; retryAfterMs: number | null };

/** The signing secrets in force: the current one, and the previous one during its grace period. */
export function signingSecrets(endpoint: WebhookEndpoint, now: number): string[] {
  const previous = endpoint.previousSecret && endpoint.previousSecretExpiresAt && Date.parse(endpoint.previousSecretExpiresAt) > now ? [endpoint.previousSecret] : [];
  return [endpoint.secret, ...previous];
}

/** One signed POST of the event to the endpoint; never throws. */
export async function send(endpoint: WebhookEndpoint, event: Event, now: number, limit: number): Promise<Outcome> {
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
    const text = await readPrefix(res, BODY_LIMIT);
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

/** The first `limit` bytes of the answer, as text; the rest is never read (a receiver cannot make us buffer megabytes). */
async function readPrefix(res: Response, limit: number): Promise<string> {
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  while (size < limit) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.byteLength;
  }
  await reader.cancel().catch(() => {});
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const c of chunks) {
    bytes.set(c, offset);
    offset += c.byteLength;
  }
  // A cut through a multi-byte character decodes as U+FFFD; the cut is cosmetic.
  return new TextDecoder().decode(bytes.subarray(0, limit));
}
