import { DurableObject } from 'cloudflare:workers';

export interface RateLimitDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Seconds until the window resets (at least 1). */
  resetSeconds: number;
  /** The credential was revoked, rotated past its grace, or signed out (lib/credential-cache.ts). */
  ended?: boolean;
}

const ENDS_AT = 'ends_at';

/**
 * One object per credential (env.RATE_LIMITER.getByName(sha256 of the API key or session
 * token)): a fixed-window counter held in memory, and the time the credential ends. `hit` is
 * synchronous, so the object's input gate serializes concurrent requests and the count is exact.
 * The counter is not stored: if the object is evicted the window starts again, which can only let
 * a key through early, never block it wrongly. The end time is stored (`ctx.storage.kv`), so a
 * revocation survives eviction: every request asks this object, so every isolate learns of it
 * at once, whatever it has cached.
 */
export class RateLimiter extends DurableObject {
  #windowStart = 0;
  #count = 0;
  #endsAt: number | undefined;

  hit(limit: number, windowSeconds: number, now = Date.now()): RateLimitDecision {
    this.#endsAt ??= (this.ctx.storage.kv.get<number>(ENDS_AT) ?? Number.POSITIVE_INFINITY);
    const windowMs = windowSeconds * 1000;
    if (now - this.#windowStart >= windowMs) {
      this.#windowStart = now;
      this.#count = 0;
    }
    const resetSeconds = Math.max(1, Math.ceil((this.#windowStart + windowMs - now) / 1000));
    if (now >= this.#endsAt) return { allowed: false, limit, remaining: 0, resetSeconds, ended: true };
    if (this.#count >= limit) return { allowed: false, limit, remaining: 0, resetSeconds };
    this.#count += 1;
    return { allowed: true, limit, remaining: limit - this.#count, resetSeconds };
  }

  /** The credential stops working at `at` (ms); an earlier end already set stands. */
  endAt(at: number): void {
    const current = this.ctx.storage.kv.get<number>(ENDS_AT);
    if (current !== undefined && current <= at) return;
    this.ctx.storage.kv.put(ENDS_AT, at);
    this.#endsAt = at;
  }
}
