import { beforeAll, describe, expect, it } from 'vitest';
import { call, workspace } from '../helpers';
import { createEndpoint, deliveries, received, until, verify } from './helpers';

const TODAY = ['user.created', 'user.updated', 'user.deleted', 'referral.created', 'referral.qualified', 'referral.refunded', 'reward.created', 'reward.cancelled', 'campaign.updated'];

let admin: string;
beforeAll(async () => {
  admin = (await workspace('Events')).test.adminKey;
});

describe('every state change', () => {
  it('becomes an event, listed by GET /v1/events and delivered once to a * endpoint, signed', async () => {
    const endpoint = await createEndpoint(admin, 'everything');
    const rules = [
      { id: 'signup', trigger: 'signup', recipients: { referrer: { type: 'cash', amount: 500, currency: 'USD' } } },
      { id: 'sale', trigger: 'sale', recipients: { referrer: { type: 'percentage', percent: 10 } } },
    ];
    expect((await call('PATCH', '/v1/campaigns/default', { key: admin, body: { status: 'live', rules } })).status).toBe(200);
    const referrer = await call('POST', '/v1/users', { key: admin, body: { external_id: 'ev-referrer', name: 'Eve' } });
    expect((await call('PATCH', '/v1/users/ev-referrer', { key: admin, body: { email: 'eve@example.com' } })).status).toBe(200);
    const signup = await call('POST', '/v1/referrals', { key: admin, body: { code: referrer.json.referral_code, type: 'signup', referee: { external_id: 'ev-friend' } } });
    const sale = await call('POST', '/v1/referrals', { key: admin, body: { type: 'sale', referee: { external_id: 'ev-friend' }, amount: 12000, currency: 'USD', order_id: 'ev-1' } });
    const refund = await call('POST', '/v1/referrals', { key: admin, body: { type: 'refund', order_id: 'ev-1' } });
    expect((await call('DELETE', '/v1/users/ev-friend', { key: admin })).status).toBe(204);
    expect([signup.status, sale.status, refund.status]).toEqual([201, 201, 201]);

    const listed = (await call('GET', '/v1/events?per_page=250', { key: admin })).json;
    const events = listed.data as { id: string; type: string; data: Record<string, unknown> }[];
    expect(new Set(events.map((e) => e.type))).toEqual(new Set(TODAY));
    // The referrer's user.created, the referee's, and so on: one event per change.
    expect(events.map((e) => e.type).sort()).toEqual(
      ['campaign.updated', 'user.created', 'user.updated', 'user.created', 'referral.created', 'referral.qualified', 'reward.created', 'referral.created', 'referral.qualified', 'reward.created', 'referral.created', 'referral.refunded', 'reward.cancelled', 'user.deleted'].sort(),
    );

    const got = await until('every event to arrive', async () => {
      const all = await received('everything');
      return all.length >= events.length ? all : undefined;
    });
    expect(got).toHaveLength(events.length);
    const payloads = got.map((r) => verify(endpoint.secret, r));
    expect(payloads.map((p) => p.id).sort()).toEqual(events.map((e) => e.id).sort());
    // The referee was erased: the log holds their user objects erased, and a delivery sent before the
    // erasure carried them as they were (docs/privacy.md); everything else is byte for byte the log's.
    const friendId = signup.json.referee_id as string;
    const isFriend = (p: { data: Record<string, unknown> }) => p.data.object === 'user' && p.data.id === friendId;
    const erased = (p: { data: Record<string, unknown> }) => (isFriend(p) ? { ...p, data: { ...p.data, external_id: null, email: null, name: null, metadata: {} } } : p);
    expect(events.filter(isFriend).map((e) => e.data.external_id)).toEqual([null, null]);
    for (const p of payloads) expect(erased(p)).toEqual({ ...events.find((e) => e.id === p.id), timestamp: expect.any(String) });
    await until('every delivery to be recorded', async () => (await deliveries(admin, endpoint.id)).every((d) => d.status === 'succeeded' && d.attempts === 1) || undefined);

    // The objects are as the API shows them after the change.
    const byType = (type: string) => payloads.filter((p) => p.type === type).map((p) => p.data);
    expect(byType('reward.created')).toEqual(expect.arrayContaining([expect.objectContaining({ object: 'reward', amount: 1200, status: 'approved' })]));
    expect(byType('referral.refunded')).toEqual([expect.objectContaining({ id: sale.json.id, status: 'refunded', rewards: [expect.objectContaining({ status: 'cancelled', status_reason: 'refunded' })] })]);
    expect(byType('reward.cancelled')).toEqual([expect.objectContaining({ object: 'reward', amount: 1200, status: 'cancelled', status_reason: 'refunded' })]);
    expect(byType('user.updated')).toEqual([expect.objectContaining({ external_id: 'ev-referrer', email: 'eve@example.com' })]);
    expect(byType('user.deleted')).toEqual([expect.objectContaining({ external_id: null, email: null })]);
    expect(byType('campaign.updated')).toEqual([expect.objectContaining({ status: 'live', rules_version: 1 })]);
  });

  it('reaches only endpoints subscribed to its type', async () => {
    const only = await createEndpoint(admin, 'only-deleted', ['user.deleted']);
    await call('POST', '/v1/users', { key: admin, body: { external_id: 'ev-short' } });
    await call('DELETE', '/v1/users/ev-short', { key: admin });
    const [got] = await until('the user.deleted event', async () => {
      const all = await received('only-deleted');
      return all.length ? all : undefined;
    });
    expect(verify(only.secret, got as NonNullable<typeof got>).type).toBe('user.deleted');
    const list = await deliveries(admin, only.id);
    expect(list.map((d) => d.event_type)).toEqual(['user.deleted']);
  });
});

describe('signing secrets', () => {
  it('a rotation signs with both secrets during the grace period, then with the new one alone', async () => {
    const endpoint = await createEndpoint(admin, 'rotating', ['user.updated']);
    await call('POST', '/v1/users', { key: admin, body: { external_id: 'ev-rot' } });
    const rotated = await call('POST', `/v1/webhook-endpoints/${endpoint.id}/rotate-secret`, { key: admin, body: { grace_period_seconds: 3600 } });
    expect(rotated.status).toBe(201);
    expect(rotated.json.secret).toMatch(/^whsec_/);
    expect(rotated.json.secret).not.toBe(endpoint.secret);
    await call('PATCH', '/v1/users/ev-rot', { key: admin, body: { name: 'One' } });
    const [first] = await until('a message', async () => ((await received('rotating')).length === 1 ? received('rotating') : undefined));
    const firstMessage = first as NonNullable<typeof first>;
    expect(firstMessage.headers['webhook-signature']?.split(' ')).toHaveLength(2);
    expect(verify(rotated.json.secret, firstMessage).type).toBe('user.updated');
    expect(verify(endpoint.secret, firstMessage).type).toBe('user.updated');

    const again = await call('POST', `/v1/webhook-endpoints/${endpoint.id}/rotate-secret`, { key: admin, body: { grace_period_seconds: 0 } });
    await call('PATCH', '/v1/users/ev-rot', { key: admin, body: { name: 'Two' } });
    const second = (await until('a second message', async () => ((await received('rotating')).length === 2 ? received('rotating') : undefined)))[1] as typeof firstMessage;
    expect(second.headers['webhook-signature']?.split(' ')).toHaveLength(1);
    expect(verify(again.json.secret, second).type).toBe('user.updated');
    expect(() => verify(rotated.json.secret, second)).toThrow();
  });

  it('a test event goes to that endpoint alone, signed', async () => {
    const target = await createEndpoint(admin, 'ping');
    const other = await createEndpoint(admin, 'not-pinged');
    const res = await call('POST', `/v1/webhook-endpoints/${target.id}/test`, { key: admin });
    expect(res.status).toBe(202);
    expect(res.json).toMatchObject({ object: 'webhook_delivery', status: 'pending', event_type: 'webhook.test' });
    const [got] = await until('the ping', async () => ((await received('ping')).length ? received('ping') : undefined));
    expect(verify(target.secret, got as NonNullable<typeof got>)).toMatchObject({ type: 'webhook.test', data: { endpoint_id: target.id } });
    expect(await deliveries(admin, other.id)).toEqual([]);
  });
});
