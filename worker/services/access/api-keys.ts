import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { DEFAULT_SCOPES, type GrantableScope, normalizeScopes, scopesOf } from '../../domain/scopes';
import { type ApiKey, apiKeys } from '../../db/schema';
import { apiKeyPrefix, newApiKey, sha256Hex } from '../../lib/crypto';
import { badRequest, conflict, notFound } from '../../lib/errors';
import { newId } from '../../lib/ids';
import type { ServiceContext } from '../../lib/service-context';
import { endCredential } from '../../lib/credential-cache';

/** Tells every isolate at once (through the key's RateLimiter object); if that fails, their caches expire within 30 s. */
async function propagateEnd(ctx: ServiceContext, keyHash: string, at: number): Promise<void> {
  try {
    await endCredential(ctx.env, keyHash, at);
  } catch (err) {
    console.error('api key: could not propagate the end of a key; cached lookups expire on their own', err);
  }
}
import { auditInsert, auditInsertWhere } from '../../outbox/audit';

export const DEFAULT_GRACE_SECONDS = 24 * 60 * 60;

export type KeyStatus = 'active' | 'expiring' | 'expired' | 'revoked';

export function keyStatus(k: ApiKey, now = new Date()): KeyStatus {
  if (k.revokedAt) return 'revoked';
  if (k.expiresAt) return new Date(k.expiresAt) <= now ? 'expired' : 'expiring';
  return 'active';
}

export function toApiKeyResource(k: ApiKey, mode: 'live' | 'test') {
  return {
    id: k.id,
    object: 'api_key' as const,
    name: k.name,
    role: k.role,
    scopes: [...scopesOf(k.role, k.scopes)],
    mode,
    prefix: k.prefix,
    status: keyStatus(k),
    created_by: k.createdBy,
    rotated_from_id: k.rotatedFromId,
    created_at: k.createdAt,
    last_used_at: k.lastUsedAt,
    expires_at: k.expiresAt,
    revoked_at: k.revokedAt,
  };
}

export interface NewKey {
  environmentId: string;
  mode: 'live' | 'test';
  name: string;
  role: ApiKey['role'];
  /** A standard key's scopes; ignored for admin keys, which hold all. */
  scopes?: readonly string[];
  createdBy: string;
  rotatedFromId?: string;
}

/** The row for a new key; only its hash is stored, the plaintext goes back once to the creator. */
async function keyRow(k: NewKey) {
  const key = newApiKey(k.mode, k.role === 'publishable' ? 'pk' : 'rk');
  const values = {
    id: newId('key'),
    environmentId: k.environmentId,
    name: k.name,
    role: k.role,
    scopes: k.role === 'admin' ? [] : [...(k.scopes ?? [])],
    prefix: apiKeyPrefix(key),
    keyHash: await sha256Hex(key),
    createdBy: k.createdBy,
    rotatedFromId: k.rotatedFromId ?? null,
  };
  return { key, values };
}

export async function insertKey(db: Db, k: NewKey): Promise<{ key: string; row: ApiKey }> {
  const { key, values } = await keyRow(k);
  const [row] = await db.insert(apiKeys).values(values).returning();
  return { key, row: row as ApiKey };
}

export async function listKeys(ctx: ServiceContext) {
  const rows = await ctx.db
    .select()
    .from(apiKeys)
    .where(eq(apiKeys.environmentId, ctx.caller.environmentId))
    .orderBy(desc(apiKeys.createdAt), desc(apiKeys.id))
    .all();
  return rows.map((k) => toApiKeyResource(k, ctx.caller.mode));
}

export async function createKey(ctx: ServiceContext, input: { name: string; role?: ApiKey['role']; scopes?: GrantableScope[] }) {
  const role = input.role ?? 'standard';
  if (role !== 'standard' && input.scopes !== undefined) {
    const why = role === 'admin' ? 'Admin keys hold every scope' : 'Publishable keys hold no scope (they open only the referral widget)';
    throw badRequest('validation-error', 'Invalid request', `${why}; scopes apply to standard keys only.`, [
      { field: 'scopes', message: `Leave it out for role '${role}'.` },
    ]);
  }
  const { key, values } = await keyRow({
    environmentId: ctx.caller.environmentId,
    mode: ctx.caller.mode,
    name: input.name,
    role,
    scopes: role === 'standard' ? normalizeScopes(input.scopes ?? DEFAULT_SCOPES) : [],
    createdBy: ctx.caller.keyId,
  });
  const at = new Date().toISOString();
  const [[row]] = await ctx.db.batch([
    ctx.db.insert(apiKeys).values({ ...values, createdAt: at }).returning(),
    auditInsert(ctx.db, ctx.caller, { action: 'api_key.created', targetType: 'api_key', targetId: values.id, before: null, after: toApiKeyResource({ ...values, createdAt: at, lastUsedAt: null, expiresAt: null, revokedAt: null }, ctx.caller.mode) }, at),
  ]);
  return { ...toApiKeyResource(row as ApiKey, ctx.caller.mode), key };
}

async function getKey(ctx: ServiceContext, id: string): Promise<ApiKey> {
  const row = await ctx.db
    .select()
    .from(apiKeys)
    .where(and(eq(apiKeys.environmentId, ctx.caller.environmentId), eq(apiKeys.id, id)))
    .get();
  if (!row) throw notFound('API key', id);
  return row;
}

/**
 * Issues a successor with the same name and role; the old key keeps working for the
 * grace period (0 = stops at once), so deployments can switch without downtime.
 */
export async function rotateKey(ctx: ServiceContext, id: string, graceSeconds = DEFAULT_GRACE_SECONDS) {
  const old = await getKey(ctx, id);
  const status = keyStatus(old);
  if (status === 'revoked' || status === 'expired') {
    throw conflict('key-inactive', 'Key inactive', `This key is ${status}; create a new key instead.`);
  }
  const graceEnd = new Date(Date.now() + graceSeconds * 1000);
  // A key already on its way out never gets a longer life by being rotated again.
  const expiresAt = old.expiresAt && new Date(old.expiresAt) < graceEnd ? old.expiresAt : graceEnd.toISOString();
  const successor = await keyRow({
    environmentId: old.environmentId,
    mode: ctx.caller.mode,
    name: old.name,
    role: old.role,
    scopes: old.scopes,
    createdBy: ctx.caller.keyId,
    rotatedFromId: old.id,
  });
  const at = new Date().toISOString();
  const [[created], [updated]] = await ctx.db.batch([
    ctx.db.insert(apiKeys).values({ ...successor.values, createdAt: at }).returning(),
    ctx.db.update(apiKeys).set({ expiresAt }).where(eq(apiKeys.id, old.id)).returning(),
    auditInsert(ctx.db, ctx.caller, { action: 'api_key.rotated', targetType: 'api_key', targetId: old.id, before: toApiKeyResource(old, ctx.caller.mode), after: toApiKeyResource({ ...old, expiresAt }, ctx.caller.mode) }, at),
  ]);
  await propagateEnd(ctx, old.keyHash, Date.parse(expiresAt));
  return {
    ...toApiKeyResource(created as ApiKey, ctx.caller.mode),
    key: successor.key,
    previous: toApiKeyResource(updated as ApiKey, ctx.caller.mode),
  };
}

export async function revokeKey(ctx: ServiceContext, id: string) {
  const key = await getKey(ctx, id);
  if (key.revokedAt) return toApiKeyResource(key, ctx.caller.mode);
  // Only the first of concurrent revocations writes (and is audited), so every answer carries the same revoked_at.
  const at = new Date().toISOString();
  const [[updated]] = await ctx.db.batch([
    ctx.db.update(apiKeys).set({ revokedAt: at }).where(and(eq(apiKeys.id, id), isNull(apiKeys.revokedAt))).returning(),
    auditInsertWhere(ctx.db, ctx.caller, { action: 'api_key.revoked', targetType: 'api_key', targetId: id, before: toApiKeyResource(key, ctx.caller.mode), after: toApiKeyResource({ ...key, revokedAt: at }, ctx.caller.mode) }, at,
      // changes(): rows the update just before it in this batch changed (two racing revocations can share a millisecond).
      sql`changes() = 1`),
  ]);
  await propagateEnd(ctx, key.keyHash, Date.now());
  return toApiKeyResource(updated ?? (await getKey(ctx, id)), ctx.caller.mode);
}
