import { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from './env';
import { authenticate } from './lib/auth';
import { limitBody, requireJson } from './lib/body-guard';
import { AppError, onError, problem } from './lib/errors';
import { idempotency } from './lib/idempotency';
import { requestId } from './lib/request-id';
import { apiKeysRouter } from './routes/api-keys/api-keys.index';
import { campaignsRouter } from './routes/campaigns/campaigns.index';
import { clicksRouter } from './routes/clicks/clicks.index';
import { docsRouter } from './routes/docs/docs.index';
import { environmentRouter } from './routes/environment/environment.index';
import { redirectRouter } from './routes/redirect/redirect.index';
import { visitRouter } from './routes/redirect/visit.index';
import { referralsRouter } from './routes/referrals/referrals.index';
import { snippetRouter } from './routes/snippet/snippet.index';
import { statsRouter } from './routes/stats/stats.index';
import { usersRouter } from './routes/users/users.index';

export function createApp() {
  const app = new OpenAPIHono<AppEnv>();
  app.onError(onError);
  app.notFound((c) => problem(c, new AppError(404, 'route-not-found', 'Not found', `No route for ${c.req.method} ${new URL(c.req.url).pathname}.`)));

  // Share links first: the shopper's redirect pays for no middleware at all.
  app.route('/', redirectRouter);
  app.use('*', requestId);
  app.route('/', docsRouter);
  // Public, before the key check: the snippet shops embed and the visit beacon it calls.
  app.route('/', visitRouter);
  app.route('/', snippetRouter);

  app.openAPIRegistry.registerComponent('securitySchemes', 'ApiKey', {
    type: 'apiKey',
    in: 'header',
    name: 'X-API-Key',
    description: 'rk_live_… or rk_test_…; `Authorization: Bearer <key>` is accepted too.',
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
    security: [{ ApiKey: [] }],
  }));

  // Everything under /v1 registered after this line needs a key.
  app.use('/v1/*', limitBody, requireJson, authenticate, idempotency);
  app.route('/', usersRouter);
  app.route('/', campaignsRouter);
  app.route('/', apiKeysRouter);
  app.route('/', referralsRouter);
  app.route('/', clicksRouter);
  app.route('/', statsRouter);
  app.route('/', environmentRouter);
  return app;
}

export type App = ReturnType<typeof createApp>;
