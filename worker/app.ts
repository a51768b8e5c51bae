import { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from './env';
import { authenticate } from './lib/auth';
import { limitBody, requireJson } from './lib/body-guard';
import { completeDocument } from './lib/complete-document';
import { notFoundProblem, onError, problem } from './lib/errors';
import { idempotency } from './lib/idempotency';
import { d1Session } from './lib/d1-session';
import { rateLimitByKey } from './lib/rate-limit';
import { requestId } from './lib/request-id';
import { authRouter } from './routes/auth/auth.index';
import { apiSecurityHeaders } from './lib/security-headers';
import { apiKeysRouter } from './routes/api-keys/api-keys.index';
import { campaignsRouter } from './routes/campaigns/campaigns.index';
import { clicksRouter } from './routes/clicks/clicks.index';
import { docsRouter } from './routes/docs/docs.index';
import { hooksRouter } from './routes/inbound-qualify/inbound-qualify.index';
import { inboundHooksRouter } from './routes/inbound-qualify-settings/inbound-qualify-settings.index';
import { ledgerRouter } from './routes/ledger/ledger.index';
import { payoutsRouter } from './routes/payouts/payouts.index';
import { reviewRouter } from './routes/review/review.index';
import { billingHooksRouter } from './routes/integration-hooks/integration-hooks.index';
import { integrationsRouter } from './routes/integrations/integrations.index';
import { balancesRouter } from './routes/balances/balances.index';
import { leaderboardRouter } from './routes/leaderboard/leaderboard.index';
import { eventsRouter } from './routes/events/events.index';
import { postmanRouter } from './routes/docs/postman.index';
import { environmentRouter } from './routes/environment/environment.index';
import { redirectRouter } from './routes/share-links/redirect.index';
import { visitRouter } from './routes/share-links/visit.index';
import { vouchersRouter } from './routes/vouchers/vouchers.index';
import { referralsRouter } from './routes/referrals/referrals.index';
import { rewardsRouter } from './routes/rewards/rewards.index';
import { snippetRouter } from './routes/snippet/snippet.index';
import { statsRouter } from './routes/stats/stats.index';
import { usersRouter } from './routes/users/users.index';
import { voucherPoolsRouter } from './routes/voucher-pools/voucher-pools.index';
import { webhooksRouter } from './routes/webhook-endpoints/webhook-endpoints.index';
import { widgetRouter } from './routes/widget/widget.index';
import { widgetScriptRouter } from './routes/widget/widget-script.index';
import { auditLogRouter } from './routes/audit-log/audit-log.index';

export function createApp() {
  const app = new OpenAPIHono<AppEnv>();
  app.onError(onError);
  app.notFound((c) => problem(c, notFoundProblem('route-not-found', 'Not found', `No route for ${c.req.method} ${new URL(c.req.url).pathname}.`)));

  // Share links first: the shopper's redirect pays for no middleware at all.
  app.route('/', redirectRouter);
  app.use('*', requestId, apiSecurityHeaders);
  app.route('/', docsRouter);
  app.route('/', postmanRouter);
  // Public, before the key check: the snippet shops embed and the visit beacon it calls.
  app.route('/', visitRouter);
  app.route('/', snippetRouter);
  // Inbound qualify URL for no-code tools: the secret token in the path replaces the API key.
  app.route('/', hooksRouter);
  // The referral widget: a publishable key and a customer token instead of an API key (routes/widget/).
  app.route('/', widgetScriptRouter);
  app.route('/', widgetRouter);
  // Stripe and Shopify webhooks: the token finds the endpoint, the provider's signature authenticates.
  app.route('/', billingHooksRouter);

  app.openAPIRegistry.registerComponent('securitySchemes', 'ApiKey', {
    type: 'apiKey',
    in: 'header',
    name: 'X-API-Key',
    description: 'rk_live_… or rk_test_…; `Authorization: Bearer <key>` is accepted too.',
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'Session', {
    type: 'apiKey',
    in: 'cookie',
    name: 'referrio_session',
    description: 'The dashboard session (POST /v1/auth/login). Writes also need `X-CSRF-Token`; `X-Referrio-Environment` picks live or test.',
  });
  app.doc31('/v1/openapi.json', (c) => ({
    openapi: '3.1.0',
    info: {
      title: 'Referrio API',
      version: '1.0.0',
      description: 'Referral codes, events, rewards and webhooks. Errors are RFC 9457 problem details (application/problem+json).',
      license: { name: 'MIT', identifier: 'MIT' },
    },
    servers: [{ url: new URL(c.req.url).origin }],
    security: [{ ApiKey: [] as string[] }, { Session: [] as string[] }] as { [scheme: string]: string[] }[],
  }));

  // Dashboard sign-in is public; its routes find the session cookie themselves.
  app.use('/v1/auth/*', limitBody, requireJson);
  app.route('/', authRouter);

  // Everything under /v1 registered after this line needs a key or a dashboard session.
  app.use('/v1/*', limitBody, requireJson, d1Session, authenticate, rateLimitByKey, idempotency);
  app.route('/', usersRouter);
  app.route('/', campaignsRouter);
  app.route('/', apiKeysRouter);
  app.route('/', referralsRouter);
  app.route('/', clicksRouter);
  app.route('/', statsRouter);
  app.route('/', rewardsRouter);
  app.route('/', balancesRouter);
  app.route('/', ledgerRouter);
  app.route('/', payoutsRouter);
  app.route('/', reviewRouter);
  app.route('/', voucherPoolsRouter);
  app.route('/', vouchersRouter);
  app.route('/', inboundHooksRouter);
  app.route('/', leaderboardRouter);
  app.route('/', eventsRouter);
  app.route('/', webhooksRouter);
  app.route('/', environmentRouter);
  app.route('/', integrationsRouter);
  app.route('/', auditLogRouter);
  completeDocument(app);
  return app;
}

export type App = ReturnType<typeof createApp>;
