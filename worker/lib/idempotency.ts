import { and, eq, lt } from 'drizzle-orm';
import type { MiddlewareHandler } from 'hono';
import { getDb } from '../db/client';
import { idempotencyKeys } from '../db/schema';
import type { AppEnv } from '../env';
import { sha256Hex } from './crypto';
import { badRequest, conflict, internalError, problemResponse, unprocessable } from './errors';
import { seal, unseal } from './sealed';

export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
/** A Worker request cannot run longer than this; a claim still `running` after it was abandoned. */
export const RUNNING_LEASE_MS = 5 * 60 * 1000;
const KEY_FORMAT = /^[\x21-\x7e]{1,255}$/;
const STORED_OUTCOME_WAITS_MS = [50, 100, 200, 400];
/** Answers given before a handler changes anything: the key is freed for a corrected request. */
export const NOT_STARTED = new Set([400, 401, 403, 413, 415, 429]);

const USER_ID = /usr_[0-9A-Za-z]{20}/g;
/** The users a stored answer names, kept beside the sealed body so erasing a user can drop it. */
export const subjectsOf = (text: string) => {
  const ids = [...new Set(text.match(USER_ID) ?? [])];
  return ids.length ? ` ${ids.join(' ')} ` : null;
};

/**
 * Stripe's semantics for `Idempotency-Key` on POST, PATCH and DELETE. Once a request's handler
 * has started, its key is never run again:
 * - its outcome, whatever it was (a 5xx included: the handler may have written before it failed,
 *   e.g. the campaign object recorded the event and D1 then refused the projection), is stored for
 *   24 h and replayed byte for byte, marked `Idempotent-Replayed: true`;
 * - if no outcome could be stored (the request died mid-way, or D1 failed while storing it), the key
 *   stays claimed: a retry is a 409 while the first may still run, then a 409 saying the first
 *   attempt's result is unknown (`idempotency-outcome-unknown`): check the resource, use a new key.
 * Only a request refused before any side effect (400 validation, 401/403, 413, 415, 429) frees its
 * key, so it may be fixed and resent. The same key with another request is a 422. Keys are scoped to
 * the caller's environment, and only the API key (or dashboard admin) that sent a request gets its
 * replay. The stored body is sealed with the caller's own credential (lib/sealed.ts): D1 never holds
 * an answer's secrets in the clear, and a session that signed in again since cannot read the old
 * one's answers.
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

  // One round trip: free the key if it expired (only then: a claim abandoned mid-way is not
  // freed, its handler may have written), claim it, and read what holds it, in one transaction.
  const [, claimed, existing] = await db.batch([
    db.delete(idempotencyKeys).where(and(scope, lt(idempotencyKeys.createdAt, new Date(now - IDEMPOTENCY_TTL_MS).toISOString()))),
    db
      .insert(idempotencyKeys)
      .values({ environmentId, key, requestHash, state: 'running', createdAt: new Date(now).toISOString() })
      .onConflictDoNothing()
      .returning({ key: idempotencyKeys.key }),
    db.select().from(idempotencyKeys).where(scope),
  ]);

  if (!claimed.length) {
    let stored = existing[0];
    // The first request may have answered and still be storing its outcome (after its answer):
    // a retry sent right after that answer waits briefly for it rather than hearing 409. Only
    // this rare path waits; a request that is truly still running gets its 409 after ~0.75 s.
    for (const ms of STORED_OUTCOME_WAITS_MS) {
      if (stored?.state !== 'running' || Date.parse(stored.createdAt) <= now - RUNNING_LEASE_MS) break;
      await scheduler.wait(ms);
      stored = await db.select().from(idempotencyKeys).where(scope).get();
    }
    if (!stored) throw conflict('idempotency-conflict', 'Request in progress', 'Retry this request.');
    if (stored.requestHash !== requestHash) {
      throw unprocessable('idempotency-key-reused', 'Idempotency key reused', 'This Idempotency-Key was used with a different request. Use a new key for a new request.');
    }
    if (stored.state === 'running') {
      if (Date.parse(stored.createdAt) > now - RUNNING_LEASE_MS) {
        throw conflict('idempotency-in-progress', 'Request in progress', 'A request with this Idempotency-Key is still running; retry in a moment.');
      }
      throw conflict('idempotency-outcome-unknown',
        'Result of the first request unknown',
        'The first request with this Idempotency-Key started but stopped before its result was stored; it may have taken effect. Check the resource before sending the request again with a new key.',
      );
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

  const store = async (status: number, contentType: string | null, text: string) => {
    const body = text ? await seal(text, c.get('credential'), `${environmentId} ${key}`) : text;
    await db.update(idempotencyKeys).set({ state: 'done', responseStatus: status, responseContentType: contentType, responseBody: body, subjects: subjectsOf(text) }).where(scope);
  };
  try {
    await next();
  } catch (err) {
    // Not answered by onError (it normally is): the handler ran, so its outcome is a 500 for good.
    const answer = problemResponse(
      internalError('internal-error', 'Internal server error', 'Something went wrong on our side. Quote the request id when you contact support.'),
      new URL(c.req.url).pathname,
      c.get('requestId'),
    );
    await store(500, answer.headers.get('content-type'), await answer.text()).catch(() => undefined); // unstored: the key stays claimed (409 unknown)
    throw err;
  }
  // Errors reach here as responses (onError ran). Only a request refused before it started (bad
  // body, auth, size, rate) frees its key; every other outcome, a 5xx included, is kept and replayed.
  const response = c.res;
  if (NOT_STARTED.has(response.status)) {
    await db.delete(idempotencyKeys).where(scope);
    return;
  }
  // Stored after the answer is sent (off the request path). Until it lands, a retry is told the
  // first request is still running (409), as it would be while the handler ran; never run twice.
  const text = await response.clone().text();
  c.executionCtx.waitUntil(
    store(response.status, response.headers.get('content-type'), text).catch((err: unknown) => {
      // The key stays claimed, so a retry learns the outcome is unknown.
      console.error('idempotency: could not store the outcome', err);
    }),
  );
};
