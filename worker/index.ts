import { createApp } from './app';
import type { Bindings } from './env';
import { followShareLink, shareLinkCode } from './routes/redirect/follow';

const app = createApp();

export default {
  // Share links are the hot path: answered before Hono is entered (routes/redirect/follow.ts).
  fetch(request, env, ctx) {
    const code = shareLinkCode(request);
    return code === null ? app.fetch(request, env, ctx) : followShareLink(request, env, ctx, code);
  },
} satisfies ExportedHandler<Bindings>;

export { CampaignObject } from './durable-objects/campaign';
export { ClickAggregator } from './durable-objects/click-aggregator';
