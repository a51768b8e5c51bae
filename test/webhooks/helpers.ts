import { createScheduledController } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { Webhook } from 'standardwebhooks';
import { inject } from 'vitest';
import worker from '../../worker/index';
import { call } from '../helpers';

export const receiverUrl = inject('receiverUrl');

export interface Received {
  headers: Record<string, string>;
  body: string;
  behaviour: string;
  at: number;
}

export interface Delivery {
  id: string;
  event_id: string;
  event_type: string;
  status: 'pending' | 'succeeded' | 'failed';
  attempts: number;
  next_attempt_at: string | null;
  last_attempt_at: string | null;
  last_status_code: number | null;
  last_response_body: string | null;
  last_error: string | null;
}

/** The next requests to /hook/<name> get these behaviours (see receiver.ts), then 200. */
export async function script(name: string, behaviours: string[]) {
  const res = await fetch(`${receiverUrl}/_script/${name}`, { method: 'PUT', body: JSON.stringify(behaviours) });
  if (res.status !== 204) throw new Error(`receiver script: ${res.status}`);
}

export async function received(name: string): Promise<Received[]> {
  return (await fetch(`${receiverUrl}/_received/${name}`)).json();
}

/** Polls until `check` returns a value other than undefined/false, or fails at the deadline. */
export async function until<T>(what: string, check: () => Promise<T | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function createEndpoint(key: string, name: string, events: string[] = ['*']) {
  await script(name, []);
  const res = await call('POST', '/v1/webhook-endpoints', { key, body: { url: `${receiverUrl}/hook/${name}`, events, description: name } });
  if (res.status !== 201) throw new Error(`endpoint: ${res.status} ${res.text}`);
  return res.json as { id: string; secret: string; url: string; enabled: boolean };
}

export async function deliveries(key: string, endpointId: string): Promise<Delivery[]> {
  const res = await call('GET', `/v1/webhook-endpoints/${endpointId}/deliveries?per_page=250&order[direction]=asc`, { key });
  if (res.status !== 200) throw new Error(`deliveries: ${res.status} ${res.text}`);
  return res.json.data;
}

/** Runs the cron sweep as if the scheduler fired at `at` (epoch ms): time is driven, not waited for. */
export async function sweepAt(at: number) {
  await worker.scheduled(createScheduledController({ scheduledTime: at, cron: '* * * * *' }), env);
}

/** Verifies a received request with the standardwebhooks library (never with our own code). */
export function verify(secret: string, request: Received) {
  return new Webhook(secret).verify(request.body, request.headers) as { id: string; type: string; data: Record<string, unknown> };
}

export const ms = (iso: string | null) => (iso === null ? Number.NaN : Date.parse(iso));

/** Waits until an attempt after `previous` has completed (last_attempt_at is written only when one ends). */
export async function afterAttempt(key: string, endpointId: string, previous: Delivery | null = null): Promise<Delivery> {
  return until('an attempt to complete', async () => {
    const [d] = await deliveries(key, endpointId);
    return d && d.last_attempt_at !== null && d.last_attempt_at !== previous?.last_attempt_at ? d : undefined;
  });
}
