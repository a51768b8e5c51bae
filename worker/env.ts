import type { CampaignObject } from './durable-objects/campaign';

/** Bindings declared in wrangler.toml. */
export interface Bindings {
  DB: D1Database;
  CAMPAIGN: DurableObjectNamespace<CampaignObject>;
  ASSETS: Fetcher;
  APP_ENV: 'development' | 'production';
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
