import { eq } from 'drizzle-orm';
import type { Context, MiddlewareHandler } from 'hono';
import { getDb } from '../db/client';
import { type Scope, scopesOf } from '../domain/scopes';
import { apiKeys, environments } from '../db/schema';
import type { AppEnv, Caller } from '../env';
import { cachedCredential, rememberCredential } from './credential-cache';
import { startRateLimit } from './rate-limit';
import { csrfMatches, findSessionCredential } from './session-lookup';
import { sha256Hex } from './crypto';
import { badRequest, forbidden, unauthorized } from './errors';
import { sameOrigin, sessionToken } from './session-cookie';

const KEY_FORMAT = /^rk_(live|test)_[A-Za-z0-9]{40}$/;
const PUBLISHABLE_FORMAT = /^pk_(live|test)_/;
/** A publishable key (pk_…) opens only the referral widget's endpoints (routes/widget/). */
const publishableRefused = () =>
  forbidden('publishable-key-not-allowed', 'Publishable key not allowed', "Publishable keys (pk_…) work only with the referral widget's endpoints; send a secret key (rk_…) from your server.");
/** last_used_at is a hint, not an audit log: refresh it at most once a minute per key. */
const LAST_USED_RESOLUTION_MS = 60_000;

const keyRejected = (detail: string) =>
  unauthorized('unauthorized', 'Unauthorized', detail, undefined, { 'www-authenticate': 'Bearer realm="referrio"' });

function presentedKey(header: (name: string) => string | undefined): string | undefined {
  const apiKey = header('x-api-key');
  if (apiKey) return apiKey.trim();
  const authorization = header('authorization');
  const match = authorization && /^Bearer\s+(.+)$/i.exec(authorization);
  return match?.[1]?.trim();
}

export const ENVIRONMENT_HEADER = 'x-referrio-environment';
const originOf = (c: Context<AppEnv>) => ({
  ip: c.req.header('cf-connecting-ip') ?? null,
  userAgent: c.req.header('user-agent')?.slice(0, 256) ?? null,
  requestId: c.get('requestId') ?? null,
});
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The dashboard's session acts as an admin of its workspace, in the environment named by
 * `X-Referrio-Environment` (default `test`). Writes must echo the session's CSRF token
 * and, when the browser sends an Origin, come from this origin.
 */
const authenticateSession: MiddlewareHandler<AppEnv> = async (c, next) => {
  const token = sessionToken(c);
  if (!token) throw keyRejected("Send your API key in the 'X-API-Key' header, or sign in to the dashboard.");
  const hash = await sha256Hex(token);
  startRateLimit(c, hash);
  const mode = c.req.header(ENVIRONMENT_HEADER) ?? 'test';
  const now = Date.now();
  // One D1 trip on a miss (session, admin and both environments joined), none on a hit.
  let session = cachedCredential(hash, now);
  if (!session || (session.expiresAt && Date.parse(session.expiresAt) <= now)) {
    const found = await findSessionCredential(getDb(c.env), hash);
    session = found ?? undefined;
    if (found) rememberCredential(hash, found, now);
  }
  if (!session) throw keyRejected("Send your API key in the 'X-API-Key' header, or sign in to the dashboard.");
  if (!SAFE_METHODS.has(c.req.method) && (!sameOrigin(c) || !csrfMatches(c.req.header('x-csrf-token'), session.csrfToken ?? ''))) {
    throw forbidden('csrf-failed', 'CSRF check failed', "Writes made with a dashboard session need the session's token in 'X-CSRF-Token' and a same-origin request.");
  }
  if (mode !== 'live' && mode !== 'test') {
    throw badRequest('validation-error', 'Invalid request', `'${ENVIRONMENT_HEADER}' must be 'live' or 'test'.`, [{ field: ENVIRONMENT_HEADER, message: "Use 'live' or 'test'." }]);
  }
  const caller = session.callers[mode];
  if (!caller) throw keyRejected('This workspace has no such environment.');
  c.set('caller', { ...caller, origin: originOf(c) });
  c.set('credential', token);
  await next();
};

/** X-API-Key (or `Authorization: Bearer`), else the dashboard session → the caller's workspace and environment. */
export const authenticate: MiddlewareHandler<AppEnv> = async (c, next) => {
  const key = presentedKey((name) => c.req.header(name));
  if (!key) return authenticateSession(c, next);
  if (PUBLISHABLE_FORMAT.test(key)) throw publishableRefused();
  if (!KEY_FORMAT.test(key)) throw keyRejected('The API key is not valid.');

  const hash = await sha256Hex(key);
  // The quota (and revocation) check starts now, in the same round trip as the lookup.
  startRateLimit(c, hash);
  const db = getDb(c.env);
  const now = Date.now();
  let found = cachedCredential(hash, now);
  if (!found) {
    const row = await db
      .select({ key: apiKeys, workspaceId: environments.workspaceId, mode: environments.mode })
      .from(apiKeys)
      .innerJoin(environments, eq(environments.id, apiKeys.environmentId))
      .where(eq(apiKeys.keyHash, hash))
      .get();
    if (!row) throw keyRejected('The API key is not valid.');
    if (row.key.revokedAt) throw keyRejected('This API key has been revoked.');
    // Defence in depth: a row with the publishable role never acts as a secret key.
    if (row.key.role === 'publishable') throw publishableRefused();
    const caller = { workspaceId: row.workspaceId, environmentId: row.key.environmentId, mode: row.mode, keyId: row.key.id, role: row.key.role, scopes: scopesOf(row.key.role, row.key.scopes), actor: { type: 'api_key' as const, label: row.key.prefix } };
    found = { callers: { [row.mode]: caller }, expiresAt: row.key.expiresAt, lastUsedAt: row.key.lastUsedAt };
    rememberCredential(hash, found, now);
  }
  if (found.expiresAt && Date.parse(found.expiresAt) <= now) throw keyRejected('This API key was rotated and its grace period has ended.');
  const caller = Object.values(found.callers)[0] as Caller;
  c.set('caller', { ...caller, origin: originOf(c) });
  c.set('credential', key);

  if (!found.lastUsedAt || now - Date.parse(found.lastUsedAt) > LAST_USED_RESOLUTION_MS) {
    found.lastUsedAt = new Date(now).toISOString();
    c.executionCtx.waitUntil(db.update(apiKeys).set({ lastUsedAt: found.lastUsedAt }).where(eq(apiKeys.id, caller.keyId)).run());
  }
  await next();
};

/**
 * THE admin check, as route middleware. Key management needs an admin key: server code should
 * run on standard keys, so a leaked server key cannot mint new keys; every key records which
 * key created it. `action` completes the 403's detail.
 */
export const requireAdminTo =
  (action: string): MiddlewareHandler<AppEnv> =>
  async (c, next) => {
    if (c.get('caller').role !== 'admin') {
      throw forbidden('forbidden', 'Forbidden', `Only admin keys (or the dashboard) can ${action}.`);
    }
    await next();
  };

export const requireAdmin = requireAdminTo('manage API keys');

/**
 * THE scope check, as route middleware: the scopes came with the key's own row (no extra
 * query). A missing scope is a 403 that names it.
 */
export const requireScope =
  (scope: Scope): MiddlewareHandler<AppEnv> =>
  async (c, next) => {
    if (!c.get('caller').scopes.includes(scope)) {
      throw forbidden('missing-scope', 'Missing scope', `This key lacks the '${scope}' scope. An admin can issue a key that has it.`, [
        { field: 'scope', message: `Needs '${scope}'.` },
      ]);
    }
    await next();
  };

/**
 * Route config for an operation that needs `scope`: the check as route middleware, and the
 * scope in the OpenAPI document (`x-required-scope`), so the two cannot disagree.
 */
export const scoped = (scope: Scope): { middleware: MiddlewareHandler<AppEnv>[]; 'x-required-scope': Scope } => ({
  middleware: [requireScope(scope)],
  'x-required-scope': scope,
});
