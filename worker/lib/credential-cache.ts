import { BoundedCache } from '../domain/bounded-cache';
import type { Bindings, Caller } from '../env';

/**
 * What an API key or a dashboard session resolved to, kept in this isolate for CREDENTIAL_TTL_MS
 * so that a warm request makes no D1 trip to authenticate (issue #15). Keyed by the credential's
 * SHA-256, never by the secret itself.
 *
 * Revocation does not wait for the TTL. Every request already asks the credential's RateLimiter
 * object (named by the same hash, worker/durable-objects/rate-limiter.ts) for its quota, in the
 * same round trip as the lookup; revoking a key, rotating it (its grace end), or signing out tells
 * that object when the credential ends, and its answer carries `ended`. So a revoked credential
 * is refused by every isolate on its next request. Only if that call fails does a cached entry
 * outlive its revocation, and then by CREDENTIAL_TTL_MS at most.
 */
export const CREDENTIAL_TTL_MS = 30_000;

export interface CachedCredential {
  /** An API key has one environment; a dashboard session acts in either of its workspace's. */
  callers: Partial<Record<Caller['mode'], Caller>>;
  /** Sessions: the token writes must echo. */
  csrfToken?: string;
  /** ISO time after which the credential stops working (a rotated key's grace end, a session's expiry). */
  expiresAt: string | null;
  /** api_keys.last_used_at as this isolate last saw or wrote it (keys only). */
  lastUsedAt?: string | null;
}

const cache = new BoundedCache<CachedCredential>(10_000);

export const cachedCredential = (hash: string, now = Date.now()) => cache.get(hash, now);

export function rememberCredential(hash: string, credential: CachedCredential, now = Date.now()): void {
  cache.set(hash, credential, CREDENTIAL_TTL_MS, now);
}

/** Empties this isolate's cache: what a fresh isolate looks like (tests, the latency bench). */
export function forgetAll(): void {
  cache.clear();
}

/**
 * Ends a credential everywhere: this isolate forgets it, and its RateLimiter object refuses it
 * from `at` on (every isolate asks that object on every request). Call before the D1 write.
 */
export async function endCredential(env: Pick<Bindings, 'RATE_LIMITER'>, hash: string, at: number): Promise<void> {
  cache.delete(hash);
  await env.RATE_LIMITER.getByName(hash).endAt(at);
}
