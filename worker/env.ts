import type { CampaignObject } from './durable-objects/campaign';
import type { ClickAggregator } from './durable-objects/click-aggregator';
import type { WebhookMessage } from './webhooks/messages';

/** Bindings declared in wrangler.toml. */
export interface Bindings {
  DB: D1Database;
  CAMPAIGN: DurableObjectNamespace<CampaignObject>;
  /** Share-link visit counters (worker/durable-objects/click-aggregator.ts). */
  CLICKS: DurableObjectNamespace<ClickAggregator>;
  /** Share-link records in front of D1 (worker/services/links.ts). */
  LINKS: KVNamespace;
  ASSETS: Fetcher;
  /** Webhook fan-out and delivery attempts (worker/webhooks/consumer.ts). */
  WEBHOOK_QUEUE: Queue<WebhookMessage>;
  /** How long a receiver may take to answer, in ms (default 15000). */
  WEBHOOK_TIMEOUT_MS?: string;
  APP_ENV: 'development' | 'production';
  /** Where share links with unknown codes go (they carry no environment); unset: a 404 page. */
  SHARE_FALLBACK_URL?: string;
}

/** What the auth middleware learns about the caller. */
export interface Caller {
  workspaceId: string;
  environmentId: string;
  mode: 'live' | 'test';
  keyId: string;
  role: 'admin' | 'standard';
}

export interface AppEnv {
  Bindings: Bindings;
  Variables: {
    requestId: string;
    caller: Caller;
  };
}
