import { createApp } from './app';
import { getDb } from './db/client';
import type { Bindings } from './env';
import { consumeWebhookBatch } from './services/webhooks/consumer';
import type { WebhookMessage } from './outbox/messages';
import { sweep } from './services/webhooks/sweep';
import { pruneExpired } from './services/retention/retention';
import { followShareLink, shareLinkCode } from './routes/share-links/follow';
import { consumeRelinks } from './services/share-links/relink';

const app = createApp();

export default {
  // Share links are the hot path: answered before Hono is entered (routes/share-links/follow.ts).
  fetch(request, env, ctx) {
    const code = shareLinkCode(request);
    return code === null ? app.fetch(request, env, ctx) : followShareLink(request, env, ctx, code);
  },
  queue: async (batch, env) => {
    const messages = (batch as MessageBatch<WebhookMessage>).messages;
    const relinks = messages.filter((m) => m.body.kind === 'relink');
    await Promise.all([consumeWebhookBatch(messages.filter((m) => m.body.kind !== 'relink'), env), consumeRelinks(relinks, env)]);
  },
  scheduled: async (controller, env) => {
    // Independent jobs: one failing does not hold the other back (each retries next minute).
    const db = getDb(env);
    const results = await Promise.allSettled([sweep(db, env, controller.scheduledTime), pruneExpired(db, env, controller.scheduledTime)]);
    for (const r of results) if (r.status === 'rejected') throw r.reason;
  },
} satisfies ExportedHandler<Bindings, WebhookMessage>;

export { CampaignObject } from './durable-objects/campaign/campaign';
export { ClickAggregator } from './durable-objects/click-aggregator/click-aggregator';
export { RateLimiter } from './durable-objects/rate-limiter';
