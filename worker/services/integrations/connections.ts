import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { environments, type Integration, integrations } from '../../db/schema';
import type { Bindings, Caller } from '../../env';
import { newHookToken, sha256Hex } from '../../lib/crypto';
import { internalError } from '../../lib/errors';
import { seal, unseal } from '../../lib/sealed';
import type { ServiceContext } from '../../lib/service-context';

export type Provider = Integration['provider'];
export const PROVIDERS: readonly Provider[] = ['stripe', 'shopify'];

/**
 * Local development and the tests run without a configured key; a deployment must set one
 * (`wrangler secret put INTEGRATIONS_KEY`) or connecting refuses, so production never stores
 * secrets under a key that is in the source.
 */
const DEVELOPMENT_KEY = 'referrio-development-integrations-key';

function sealingKey(env: Bindings): string {
  if (env.INTEGRATIONS_KEY) return env.INTEGRATIONS_KEY;
  if (env.APP_ENV === 'development') return DEVELOPMENT_KEY;
  throw internalError('integrations-key-missing', 'Integrations are not configured', 'Set the INTEGRATIONS_KEY secret (wrangler secret put INTEGRATIONS_KEY) to store billing secrets.');
}

const context = (environmentId: string, provider: Provider, what: string) => `integration ${environmentId} ${provider} ${what}`;
export const hookUrl = (origin: string, provider: Provider, token: string) => `${origin}/hooks/${provider}/${token}`;

/** Connects (or reconnects with a new secret) a provider: a new URL token each time, the old one stops working. */
export async function connectIntegration(ctx: ServiceContext, provider: Provider, secret: string) {
  const key = sealingKey(ctx.env);
  const environmentId = ctx.caller.environmentId;
  const token = newHookToken();
  const now = new Date().toISOString();
  const row = {
    environmentId,
    provider,
    tokenHash: await sha256Hex(token),
    tokenPrefix: token.slice(0, 10),
    tokenSealed: await seal(token, key, context(environmentId, provider, 'token')),
    secretSealed: await seal(secret, key, context(environmentId, provider, 'secret')),
    createdAt: now,
    updatedAt: now,
  };
  await ctx.db
    .insert(integrations)
    .values(row)
    .onConflictDoUpdate({
      target: [integrations.environmentId, integrations.provider],
      set: { tokenHash: row.tokenHash, tokenPrefix: row.tokenPrefix, tokenSealed: row.tokenSealed, secretSealed: row.secretSealed, updatedAt: now },
    });
  return { url: hookUrl(ctx.origin, provider, token), row };
}

export async function disconnectIntegration(ctx: ServiceContext, provider: Provider): Promise<void> {
  await ctx.db.delete(integrations).where(and(eq(integrations.environmentId, ctx.caller.environmentId), eq(integrations.provider, provider)));
}

export async function findIntegration(ctx: ServiceContext, provider: Provider): Promise<Integration | undefined> {
  return ctx.db
    .select()
    .from(integrations)
    .where(and(eq(integrations.environmentId, ctx.caller.environmentId), eq(integrations.provider, provider)))
    .get();
}

export interface OpenedIntegration {
  caller: Caller;
  secret: string;
  token: string;
}

async function open(env: Bindings, row: Integration, caller: Caller): Promise<OpenedIntegration> {
  const key = sealingKey(env);
  const secret = await unseal(row.secretSealed, key, context(row.environmentId, row.provider, 'secret'));
  const token = await unseal(row.tokenSealed, key, context(row.environmentId, row.provider, 'token'));
  if (secret === null || token === null) throw internalError('integrations-key-changed', 'Integration secret unreadable', 'INTEGRATIONS_KEY changed since this integration was connected: connect it again.');
  return { caller, secret, token };
}

/** The environment a hook token belongs to, with its signing secret; undefined for an unknown token. One D1 round trip. */
export async function integrationByToken(db: Db, env: Bindings, provider: Provider, token: string): Promise<OpenedIntegration | undefined> {
  if (!/^hk_[0-9A-Za-z]{40}$/.test(token)) return undefined;
  const row = await db
    .select({ integration: integrations, workspaceId: environments.workspaceId, mode: environments.mode })
    .from(integrations)
    .innerJoin(environments, eq(environments.id, integrations.environmentId))
    .where(and(eq(integrations.tokenHash, await sha256Hex(token)), eq(integrations.provider, provider)))
    .get();
  if (!row) return undefined;
  // What a billing hook does: log sales and refunds, hold disputed rewards, erase on a privacy request.
  const caller: Caller = { environmentId: row.integration.environmentId, workspaceId: row.workspaceId, mode: row.mode, keyId: `integration-${provider}`, role: 'standard', scopes: ['referrals:write', 'rewards:write', 'users:write'] };
  return open(env, row.integration, caller);
}

/** The caller's own integration opened (for the signed sample), or undefined when not connected. */
export async function openOwnIntegration(ctx: ServiceContext, provider: Provider): Promise<OpenedIntegration | undefined> {
  const row = await findIntegration(ctx, provider);
  return row ? open(ctx.env, row, ctx.caller) : undefined;
}
