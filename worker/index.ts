import { createApp } from './app';
import type { Bindings } from './env';

const app = createApp();

export default {
  fetch: app.fetch,
} satisfies ExportedHandler<Bindings>;

export { CampaignObject } from './durable-objects/campaign';
export { ClickAggregator } from './durable-objects/click-aggregator';
export { RateLimiter } from './durable-objects/rate-limiter';
