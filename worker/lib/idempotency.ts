import { and, eq, lt, or } from 'drizzle-orm';
import type { MiddlewareHandler } from 'hono';
import { getDb } from '../db/client';
import { idempotencyKeys } from '../db/schema';
import type { AppEnv } from '../env';
import { sha256Hex } from './crypto';
import { badRequest, conflict, unprocessable } from './errors';
import { seal, unseal } from './sealed';

export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
/** A Worker request cannot run longer than this; a claim still `running` after it was abandoned. */
export const RUNNING_LEASE_MS = 5 * 60 * 1000;
const KEY_FORMAT = /^[\x21-\x7e]{1,255}$/;
const NOT_STARTED = new Set([400, 401, 403, 413, 415, 429]);

/**
 * Stripe's semantics for `Idempotency-Key` on POST, PATCH and DELETE: the first response
 * (anything below 500) is stored for 24 h and replayed byte for byte, marked with
 * `Idempotent-Replayed: true`; the same key with another request is a 422; a retry while
 * the first request still runs is a 409. Keys are scoped to the caller's environment, and
 * only the API key (or dashboard admin) that sent a request gets its replay. The stored body is
 * sealed with the caller's own credential (lib/sealed.ts): D1 never holds an answer's secrets
 * in the clear, and a session that signed in again since cannot read the old one's answers.
 */
export const idempotency: MiddlewareHandler<AppEnv> = async (c, next) => {
  const key = c.req.header('idempotency-key');
  if (!key || !['POST', 'PATCH', 'DELETE'].includes(c.req.method)) return next();
  if (!KEY_FORMAT.test(key)) {
    throw badRequest('invalid-idempotency-key', 'Invalid Idempotency-Key', 'Use 1 to 255 printable ASCII characters.');
  }
  const db = getDb(c.env);
  const { environmentId, keyId } = c.get('caller');
  // The caller is part of the request: a replay runs before the route's own checks (an
  // admin-only route's role check among them), so another key of the environment must not
  // receive what this one was answered (a new key, a webhook secret, an inbound hook URL).
  const requestHash = await sha256Hex(`${keyId} ${c.req.method} ${new URL(c.req.url).pathname}\n${await c.req.text()}`);
  const now = Date.now();
  const scope = and(eq(idempotencyKeys.environmentId, environmentId), eq(idempotencyKeys.key, key));

  // Expired keys, and claims abandoned by a request that died mid-way, free the key again.
  await db
    .delete(idempotencyKeys)
    .where(
      and(
        scope,
        or(
          lt(idempotencyKeys.createdAt, new Date(now - IDEMPOTENCY_TTL_MS).toISOString()),
          and(eq(idempotencyKeys.state, 'running'), lt(idempotencyKeys.createdAt, new Date(now - RUNNING_LEASE_MS).toISOString())),
        ),
      ),
    );
  const claimed = await db
    .insert(idempotencyKeys)
    .values({ environmentId, key, requestHash, state: 'running', createdAt: new Date(now).toISOString() })
    .onConflictDoNothing()
    .returning({ key: idempotencyKeys.key });

  if (!claimed.length) {
    const stored = await db.select().from(idempotencyKeys).where(scope).get();
    if (!stored) throw conflict('idempotency-conflict', 'Request in progress', 'Retry this request.');
    if (stored.requestHash !== requestHash) {
      throw unprocessable('idempotency-key-reused', 'Idempotency key reused', 'This Idempotency-Key was used with a different request. Use a new key for a new request.');
    }
    if (stored.state === 'running') {
      throw conflict('idempotency-in-progress', 'Request in progress', 'A request with this Idempotency-Key is still running; retry in a moment.');
    }
    const body = stored.responseBody ? await unseal(stored.responseBody, c.get('credential'), `${environmentId} ${key}`) : null;
    if (body === null && stored.responseBody) {
      throw unprocessable('idempotency-key-reused', 'Idempotency key reused', 'This Idempotency-Key was used by another credential. Use a new key for a new request.');
    }
    // A 204 must be rebuilt with a null body, not an empty string.
    return new Response(body || null, {
      status: stored.responseStatus ?? 200,
      headers: {
        ...(stored.responseContentType ? { 'content-type': stored.responseContentType } : {}),
        'idempotent-replayed': 'true',
        'x-request-id': c.get('requestId'),
      },
    });
  }

  try {
    await next();
  } catch (err) {
    await db.delete(idempotencyKeys).where(scope);
    throw err;
  }
  // Errors reach here as responses (onError ran). Like Stripe, keep only requests that ran:
  // a request refused before it started (bad body, auth, size) may be fixed and resent.
  const response = c.res;
  if (response.status >= 500 || NOT_STARTED.has(response.status)) {
    await db.delete(idempotencyKeys).where(scope);
    return;
  }
  const text = await response.clone().text();
  const body = text ? await seal(text, c.get('credential'), `${environmentId} ${key}`) : text;
  await db
    .update(idempotencyKeys)
    .set({ state: 'done', responseStatus: response.status, responseContentType: response.headers.get('content-type'), responseBody: body })
    .where(scope);
};
