import { inject } from 'vitest';
import { call } from '../helpers';

export const STRIPE_SECRET = 'whsec_test_5b1Jf0VhQm1c2u9R8yK3pLzA7nTqWxE4';
export const SHOPIFY_SECRET = 'shpss_test_0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d';

/** Connects a provider through the API and returns the endpoint path to send to. */
export async function connect(adminKey: string, provider: 'stripe' | 'shopify', secret: string): Promise<string> {
  const res = await call('PUT', `/v1/integrations/${provider}`, { key: adminKey, body: { secret } });
  if (res.status !== 200) throw new Error(`connect failed: ${res.status} ${res.text}`);
  return new URL(res.json.url).pathname;
}

async function sign(provider: 'stripe' | 'shopify', payload: string, secret: string, timestamp?: number): Promise<string> {
  const res = await fetch(`${inject('signerUrl')}/${provider}`, { method: 'POST', body: JSON.stringify({ payload, secret, timestamp }) });
  return ((await res.json()) as { header: string }).header;
}

/** The Stripe-Signature header the official `stripe` package makes for this payload. */
export const stripeHeader = (payload: string, secret = STRIPE_SECRET, timestamp?: number) => sign('stripe', payload, secret, timestamp);
export const shopifyHeader = (payload: string, secret = SHOPIFY_SECRET) => sign('shopify', payload, secret);

export async function sendStripe(path: string, event: unknown, options: { secret?: string; header?: string; timestamp?: number } = {}) {
  const body = JSON.stringify(event);
  const header = options.header ?? (await stripeHeader(body, options.secret, options.timestamp));
  return call('POST', path, { body, headers: { 'stripe-signature': header } });
}

export async function sendShopify(path: string, topic: string, webhookId: string, payload: unknown, options: { secret?: string; header?: string } = {}) {
  const body = JSON.stringify(payload);
  const header = options.header ?? (await shopifyHeader(body, options.secret));
  return call('POST', path, {
    body,
    headers: { 'x-shopify-hmac-sha256': header, 'x-shopify-topic': topic, 'x-shopify-webhook-id': webhookId, 'x-shopify-shop-domain': 'referrio-test.myshopify.com' },
  });
}

export async function billingEvents(adminKey: string, provider: 'stripe' | 'shopify', query = '') {
  const res = await call('GET', `/v1/integrations/${provider}/events${query}`, { key: adminKey });
  if (res.status !== 200) throw new Error(`list failed: ${res.status} ${res.text}`);
  return res.json as { data: { id: string; type: string; outcome: string; reason: string | null; referral_id: string | null; referral_url: string | null; order_id: string | null; external_id: string | null }[]; meta: { total: number } };
}
