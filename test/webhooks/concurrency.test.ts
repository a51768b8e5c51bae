import { createMessageBatch } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { beforeEach, expect, it } from 'vitest';
import worker from '../../worker/index';
import type { WebhookMessage } from '../../worker/outbox/messages';
import { call, workspace } from '../helpers';
import { afterAttempt, createEndpoint, deliveries, ms, received, script } from './helpers';

let admin: string;
let n = 0;

beforeEach(async () => {
  admin = (await workspace(`Race ${++n}`)).test.adminKey;
});

/** Runs the queue consumer on these messages, `copies` batches at once, and waits for all of them. */
async function race(copies: number, messages: WebhookMessage[]) {
  await Promise.all(
    Array.from({ length: copies }, (_, c) =>
      worker.queue(
        createMessageBatch<WebhookMessage>(
          'referrio-webhooks',
          messages.map((body, i) => ({ id: `m-${c}-${i}`, timestamp: Date.now(), attempts: 1, body })),
        ),
        env,
      ),
    ),
  );
}

it('20 concurrent batches carrying the same due attempt make it once', async () => {
  const endpoint = await createEndpoint(admin, `race-attempt-${n}`, ['user.created']);
  await script(`race-attempt-${n}`, ['500']);
  await call('POST', '/v1/users', { key: admin, body: { external_id: 'race-1' } });
  const d = await afterAttempt(admin, endpoint.id);
  const at = ms(d.next_attempt_at);

  await race(20, [{ kind: 'delivery', id: d.id, at }, { kind: 'delivery', id: d.id, at }]);

  expect(await received(`race-attempt-${n}`)).toHaveLength(2);
  const [after] = await deliveries(admin, endpoint.id);
  expect(after).toMatchObject({ status: 'succeeded', attempts: 2 });
});

it('20 concurrent batches fanning out the same event make one delivery per endpoint and send it once', async () => {
  const a = await createEndpoint(admin, `race-fan-a-${n}`, ['user.updated']);
  const b = await createEndpoint(admin, `race-fan-b-${n}`, ['user.updated']);
  const id = `evt_race_${n}`;
  const environmentId = (await env.DB.prepare('SELECT environment_id FROM webhook_endpoints WHERE id = ?').bind(a.id).first<{ environment_id: string }>())?.environment_id;
  await env.DB.prepare("INSERT INTO events (id, environment_id, type, data, created_at) VALUES (?, ?, 'user.updated', '{}', ?)").bind(id, environmentId, new Date().toISOString()).run();

  await race(20, [{ kind: 'event', id }]);

  for (const [endpoint, name] of [[a, `race-fan-a-${n}`], [b, `race-fan-b-${n}`]] as const) {
    expect(await deliveries(admin, endpoint.id)).toMatchObject([{ event_id: id, status: 'succeeded', attempts: 1 }]);
    expect((await received(name)).map((r) => r.headers['webhook-id'])).toEqual([id]);
  }
});
