import { createRoute } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../../env';
import { requireAdminTo } from '../../lib/auth';
import { notFoundProblem } from '../../lib/errors';
import { PROVIDERS, type Provider } from '../../services/integrations/connections';
import { errorResponses, jsonBody, jsonContent, ListQuerySchema } from '../../lib/openapi';
import { BillingReceiptSchema } from '../integration-hooks/integration-hooks.routes';
import { BillingEventPageSchema, ConnectIntegrationSchema, IntegrationListSchema, IntegrationSchema, ProviderParams, SendSampleSchema } from './integrations.schemas';

/** The URL and the secret are credentials: admin keys (or the dashboard) only. */
const adminOnly = requireAdminTo('manage billing integrations');
const middleware = [adminOnly];

/** An unknown provider is a path that does not exist (404), answered after the admin check and before the body is validated. */
const knownProvider: MiddlewareHandler<AppEnv> = async (c, next) => {
  const provider = c.req.param('provider') ?? '';
  if (!PROVIDERS.includes(provider as Provider)) throw notFoundProblem('not-found', 'Not found', `No integration '${provider.slice(0, 64)}': stripe or shopify.`);
  await next();
};
const providerMiddleware = [adminOnly, knownProvider];
const tags = ['Integrations'];

export const listIntegrationsRoute = createRoute({
  method: 'get',
  path: '/v1/integrations',
  tags,
  middleware,
  summary: 'Billing integrations (Stripe, Shopify) and what they received',
  responses: { 200: jsonContent(IntegrationListSchema, 'One entry per provider.'), ...errorResponses(401, 403) },
});

export const connectIntegrationRoute = createRoute({
  method: 'put',
  path: '/v1/integrations/{provider}',
  tags,
  middleware: providerMiddleware,
  summary: 'Connect a provider (or replace its secret)',
  description: 'Stores the signing secret encrypted and issues a new endpoint URL (a previous URL stops working).',
  request: { params: ProviderParams, body: jsonBody(ConnectIntegrationSchema) },
  responses: { 200: jsonContent(IntegrationSchema, 'Connected; `url` is the endpoint to paste.'), ...errorResponses(400, 401, 403, 413, 415) },
});

export const disconnectIntegrationRoute = createRoute({
  method: 'delete',
  path: '/v1/integrations/{provider}',
  tags,
  middleware: providerMiddleware,
  summary: 'Disconnect a provider',
  description: 'Its URL stops working at once; the events received stay listed.',
  request: { params: ProviderParams },
  responses: { 204: { description: 'Disconnected.' }, ...errorResponses(400, 401, 403) },
});

export const listBillingEventsRoute = createRoute({
  method: 'get',
  path: '/v1/integrations/{provider}/events',
  tags,
  middleware: providerMiddleware,
  summary: 'Billing events received, with their outcome',
  description: 'matched (with the referral it made), unmatched (why), ignored, waiting (a refund or dispute before its sale) or rejected (bad signature, wrong mode). List query language as everywhere.',
  request: { params: ProviderParams, query: ListQuerySchema },
  responses: { 200: jsonContent(BillingEventPageSchema, 'A page of events.'), ...errorResponses(400, 401, 403) },
});

export const sendSampleRoute = createRoute({
  method: 'post',
  path: '/v1/integrations/{provider}/sample',
  tags,
  middleware: providerMiddleware,
  summary: 'Send a signed sample event through the real endpoint (test mode)',
  description: "Builds a paid checkout (Stripe) or paid order (Shopify) carrying a referrer's code, signs it with the stored secret and sends it to the endpoint URL, exactly as the provider would.",
  request: { params: ProviderParams, body: { ...jsonBody(SendSampleSchema), required: false } },
  responses: { 200: jsonContent(BillingReceiptSchema, "The endpoint's answer."), ...errorResponses(400, 401, 403, 404, 409, 422) },
});
