/*
 * The dashboard imports the worker's zod schemas for their types only (lib/api-types.ts).
 * Those modules reach the worker's bindings, whose Cloudflare types cannot sit beside the
 * DOM's; the few names they use get opaque stand-ins here. Nothing here reaches the bundle.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
interface Opaque {
  [member: string]: <_T = any>(...args: any[]) => any;
}
type D1Database = Opaque;
type DurableObjectNamespace<_T = unknown> = Opaque;
type DurableObjectState = any;
type SqlStorage = Opaque;
type Fetcher = Opaque;
type KVNamespace = Opaque;

declare module 'cloudflare:workers' {
  export class DurableObject<Env = unknown> {
    constructor(ctx: any, env: Env);
    protected ctx: { storage: { sql: SqlStorage } & Opaque } & Opaque;
    protected env: Env;
    alarm(): Promise<void>;
    fetch(request: Request): Promise<Response>;
  }
}
