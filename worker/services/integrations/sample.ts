import { and, asc, eq, isNull } from 'drizzle-orm';
import { users } from '../../db/schema';
import { shopifyHmacHeader, stripeSignatureHeader } from '../../domain/integrations/signatures';
import { conflict, notFoundProblem, unprocessable } from '../../lib/errors';
import type { ServiceContext } from '../../lib/service-context';
import { openOwnIntegration, type Provider } from './connections';

export interface SignedSample {
  path: string;
  headers: Record<string, string>;
  body: string;
}

const random = () => crypto.randomUUID().replaceAll('-', '').slice(0, 16);

/**
 * A realistic paid checkout (Stripe) or paid order (Shopify) carrying a referrer's code, signed with
 * the stored secret, for the route to send through the real hook path. Test environments only: a
 * sample sale in live would reward someone.
 */
export async function signedSample(ctx: ServiceContext, provider: Provider, code?: string): Promise<SignedSample> {
  if (ctx.caller.mode !== 'test') throw conflict('sample-in-live', 'Samples are for test mode', 'Send samples from the test environment: a sample sale in live would reward a referrer.');
  const opened = await openOwnIntegration(ctx, provider);
  if (!opened) throw notFoundProblem('not-connected', 'Not connected', `Connect ${provider} first.`);
  const referrer = await ctx.db
    .select({ code: users.referralCode })
    .from(users)
    .where(and(eq(users.environmentId, ctx.caller.environmentId), isNull(users.deletedAt), ...(code ? [eq(users.referralCode, code.trim().toUpperCase())] : [])))
    .orderBy(asc(users.createdAt))
    .limit(1)
    .get();
  if (!referrer) throw unprocessable('no-referrer', 'No referrer', code ? `No referrer with code '${code}'.` : 'Create a user (a referrer) first: the sample sale carries their code.', [{ field: 'code', message: 'No such referrer.' }]);
  const id = random();
  const path = `/hooks/${provider}/${opened.token}`;
  if (provider === 'stripe') {
    const body = JSON.stringify({
      id: `evt_sample_${id}`,
      object: 'event',
      api_version: '2025-08-27.basil',
      created: Math.floor(Date.now() / 1000),
      livemode: false,
      type: 'checkout.session.completed',
      data: {
        object: {
          id: `cs_test_sample_${id}`,
          object: 'checkout.session',
          mode: 'payment',
          payment_status: 'paid',
          status: 'complete',
          amount_total: 4999,
          currency: 'usd',
          client_reference_id: `sample_customer_${id}`,
          customer: null,
          customer_details: { email: `sample+${id}@example.com`, name: 'Sample Customer' },
          metadata: { referrio_code: referrer.code },
          payment_intent: `pi_sample_${id}`,
        },
      },
    });
    return { path, body, headers: { 'content-type': 'application/json', 'stripe-signature': await stripeSignatureHeader(opened.secret, body) } };
  }
  const orderId = String(Date.now());
  const body = JSON.stringify({
    id: Number(orderId),
    name: `#S${id.slice(0, 4)}`,
    email: `sample+${id}@example.com`,
    currency: 'USD',
    total_price: '49.99',
    current_total_price: '49.99',
    financial_status: 'paid',
    discount_codes: [{ code: referrer.code, amount: '5.00', type: 'fixed_amount' }],
    note_attributes: [],
    customer: { id: Number(orderId) + 1, email: `sample+${id}@example.com`, first_name: 'Sample', last_name: 'Customer' },
  });
  return {
    path,
    body,
    headers: {
      'content-type': 'application/json',
      'x-shopify-topic': 'orders/paid',
      'x-shopify-webhook-id': `sample-${id}`,
      'x-shopify-shop-domain': 'sample.myshopify.com',
      'x-shopify-hmac-sha256': await shopifyHmacHeader(opened.secret, body),
    },
  };
}
