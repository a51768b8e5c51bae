import type { Db } from '../../db/client';
import type { BillingAction, Json } from '../../domain/integrations/billing-action';
import { mapShopifyWebhook } from '../../domain/integrations/shopify-mapping';
import { verifyShopifyHmac, verifyStripeSignature } from '../../domain/integrations/signatures';
import { mapStripeEvent, parseStripeEvent } from '../../domain/integrations/stripe-mapping';
import type { Bindings } from '../../env';
import { badRequest, notFoundProblem } from '../../lib/errors';
import type { ServiceContext } from '../../lib/service-context';
import { integrationByToken, type Provider } from './connections';
import { ingestBillingEvent, recordRejection, toReceipt } from './ingest';

export interface Delivery {
  token: string;
  body: string;
  header: (name: string) => string | undefined;
}

const MESSAGES: Record<string, string> = {
  'no-signature': 'The signature header is missing or malformed.',
  'bad-signature': 'The signature does not match this endpoint\'s signing secret.',
  'stale-timestamp': 'The signature is older than the 5-minute tolerance (a replayed or delayed delivery).',
  'malformed-json': 'The body is not valid JSON.',
  'not-an-event': 'The body is not a webhook event of this provider.',
  'wrong-mode': 'The event\'s livemode does not match this environment (a test event never reaches live, nor the reverse).',
  'no-topic': 'X-Shopify-Topic and X-Shopify-Webhook-Id are required.',
};

async function reject(ctx: ServiceContext, provider: Provider, type: string, reason: string): Promise<never> {
  await recordRejection(ctx, provider, type, reason);
  throw badRequest(reason, 'Webhook rejected', MESSAGES[reason] ?? reason);
}

function parse(body: string): Json | null {
  try {
    const value: unknown = JSON.parse(body);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : null;
  } catch {
    return null;
  }
}

/**
 * One billing webhook delivery: find the endpoint by its token, verify the provider's signature
 * over the raw body, check the mode, then apply the mapped event once. A rejection (400) is
 * recorded and changes nothing else.
 */
export async function receive(db: Db, env: Bindings, origin: string, provider: Provider, delivery: Delivery) {
  const opened = await integrationByToken(db, env, provider, delivery.token);
  if (!opened) throw notFoundProblem('not-found', 'Not found', `No ${provider} integration with this URL.`);
  const ctx: ServiceContext = { db, env, caller: opened.caller, origin };
  let received: { externalId: string; type: string; action: BillingAction };
  if (provider === 'stripe') {
    const verdict = await verifyStripeSignature(delivery.header('stripe-signature'), delivery.body, opened.secret);
    if (!verdict.ok) return reject(ctx, provider, 'unverified', verdict.reason);
    const event = parseStripeEvent(parse(delivery.body));
    if (!event) return reject(ctx, provider, 'unverified', 'not-an-event');
    if (event.livemode !== (opened.caller.mode === 'live')) return reject(ctx, provider, event.type, 'wrong-mode');
    received = { externalId: event.id, type: event.type, action: mapStripeEvent(event) };
  } else {
    const verdict = await verifyShopifyHmac(delivery.header('x-shopify-hmac-sha256'), delivery.body, opened.secret);
    if (!verdict.ok) return reject(ctx, provider, 'unverified', verdict.reason);
    const topic = delivery.header('x-shopify-topic');
    const id = delivery.header('x-shopify-webhook-id') ?? delivery.header('x-shopify-event-id');
    if (!topic || !id) return reject(ctx, provider, topic ?? 'unverified', 'no-topic');
    const body = parse(delivery.body);
    if (!body) return reject(ctx, provider, topic, 'malformed-json');
    received = { externalId: id, type: topic, action: mapShopifyWebhook(topic, body) };
  }
  const { event, replay } = await ingestBillingEvent(ctx, { provider, externalId: received.externalId, type: received.type }, received.action);
  return toReceipt(event, replay, origin);
}
