import type { CampaignObject } from './durable-objects/campaign/campaign';
import type { ClickAggregator } from './durable-objects/click-aggregator/click-aggregator';
import type { WebhookMessage } from './outbox/messages';
import type { RateLimitDecision, RateLimiter } from './durable-objects/rate-limiter';
import type { Scope } from './domain/scopes';

/** Bindings declared in wrangler.toml. */
export interface Bindings {
  DB: D1Database;
  CAMPAIGN: DurableObjectNamespace<CampaignObject>;
  /** Share-link visit counters (worker/durable-objects/click-aggregator/). */
  CLICKS: DurableObjectNamespace<ClickAggregator>;
  /** Share-link records in front of D1 (worker/services/share-links/links.ts). */
  LINKS: KVNamespace;
  ASSETS: Fetcher;
  /** Webhook fan-out and delivery attempts (worker/services/webhooks/consumer.ts). */
  WEBHOOK_QUEUE: Queue<WebhookMessage>;
  /** How long a receiver may take to answer, in ms (default 15000). */
  WEBHOOK_TIMEOUT_MS?: string;
  APP_ENV: 'development' | 'production';
  /** Where share links with unknown codes go (they carry no environment); unset: a 404 page. */
  SHARE_FALLBACK_URL?: string;
  /** Per-key request counters (worker/durable-objects/rate-limiter.ts). */
  RATE_LIMITER: DurableObjectNamespace<RateLimiter>;
  /** API requests per minute per key; default 600. */
  RATE_LIMIT_PER_MINUTE?: string;
  /** Share-link redirects per minute per IP, counted per isolate; default 1,200. */
  REDIRECT_RATE_LIMIT_PER_MINUTE?: string;
  /** Visit beacons per minute per IP, counted per isolate; default 300. */
  BEACON_RATE_LIMIT_PER_MINUTE?: string;
  /** Seals each environment's widget secret in D1 (a Worker secret; local development has a fixed one). */
  WIDGET_SEALING_KEY?: string;
  /** Seals billing connectors' secrets in D1 (`wrangler secret put INTEGRATIONS_KEY`; docs/integrations.md). */
  INTEGRATIONS_KEY?: string;
  /** First-run setup needs it (`wrangler secret put SETUP_TOKEN`); unset, setup is refused. */
  SETUP_TOKEN?: string;
  /** Retention windows (docs/privacy.md): events 90 days, settled deliveries 30, idempotent answers 24 h, objects' history 400 days. */
  RETENTION_EVENTS_DAYS?: string;
  RETENTION_DELIVERIES_DAYS?: string;
  RETENTION_IDEMPOTENCY_HOURS?: string;
  RETENTION_OBJECT_HISTORY_DAYS?: string;
}

/** What the auth middleware learns about the caller. */
export interface Caller {
  workspaceId: string;
  environmentId: string;
  mode: 'live' | 'test';
  keyId: string;
  role: 'admin' | 'standard';
  /** What the caller may do (worker/domain/scopes.ts); checked by `requireScope`. */
  scopes: readonly Scope[];
  /** Who, for the audit log: the key's prefix or the admin's email (absent for internal callers). */
  actor?: { type: 'api_key' | 'admin'; label: string };
  /** Where from, for the audit log. */
  origin?: { ip: string | null; userAgent: string | null; requestId: string | null };
}

export interface AppEnv {
  Bindings: Bindings;
  Variables: {
    requestId: string;
    caller: Caller;
    /** The raw API key or session token the caller presented (never stored; seals idempotent replays). */
    credential: string;
    /** The credential's quota check, started by auth alongside its lookup (lib/rate-limit.ts). */
    rateLimit: Promise<RateLimitDecision>;
  };
}
