import type { Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { getDb } from '../../db/client';
import type { AppEnv } from '../../env';
import { payloadTooLarge } from '../../lib/errors';
import { createRouter } from '../../lib/create-router';
import type { Provider } from '../../services/integrations/connections';
import { receive } from '../../services/integrations/receive';
import { shopifyHookRoute, stripeHookRoute } from './integration-hooks.routes';

/** Stripe's and Shopify's events are far below this; a larger body is refused before it is read. */
export const MAX_BILLING_HOOK_BODY = 256 * 1024;

const limit = bodyLimit({
  maxSize: MAX_BILLING_HOOK_BODY,
  onError: () => {
    throw payloadTooLarge('payload-too-large', 'Payload too large', `Billing webhooks are limited to ${MAX_BILLING_HOOK_BODY} bytes.`);
  },
});

const handle = (provider: Provider) => async (c: Context<AppEnv>) => {
  // The raw text, before any parsing: the signature covers these exact bytes.
  const body = await c.req.text();
  const token = c.req.param('token') ?? '';
  return c.json(await receive(getDb(c.env), c.env, new URL(c.req.url).origin, provider, { token, body, header: (name) => c.req.header(name) }), 200);
};

/** Public: the token in the path finds the endpoint and the provider's signature authenticates the body. */
export const billingHooksRouter = createRouter();
billingHooksRouter.use('/hooks/stripe/*', limit);
billingHooksRouter.use('/hooks/shopify/*', limit);
// The bodies are declared as plain JSON Schema (not zod), so nothing parses them before the signature check.
billingHooksRouter.openapi(stripeHookRoute, handle('stripe'));
billingHooksRouter.openapi(shopifyHookRoute, handle('shopify'));
