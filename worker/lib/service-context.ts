import type { Context } from 'hono';
import { type Db, getDb } from '../db/client';
import type { AppEnv, Bindings, Caller } from '../env';

/** What a service needs from a request: the database, bindings, who is calling, and the public origin. */
export interface ServiceContext {
  db: Db;
  env: Bindings;
  caller: Caller;
  origin: string;
  /** Work for after the response (`ctx.waitUntil`): publishing events the sweep would recover anyway. */
  defer?: (promise: Promise<unknown>) => void;
}

export const serviceContext = (c: Context<AppEnv>): ServiceContext => ({
  db: getDb(c.env),
  env: c.env,
  caller: c.get('caller'),
  origin: new URL(c.req.url).origin,
  defer: (promise) => c.executionCtx.waitUntil(promise),
});
