import { DurableObject } from 'cloudflare:workers';

export interface RateLimitDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Seconds until the window resets (at least 1). */
  resetSeconds: number;
}

/**
 * One object per API key (env.RATE_LIMITER.getByName(keyId)): a fixed-window counter held
 * in memory. `hit` is synchronous, so the object's input gate serializes concurrent requests
 * and the count is exact. Nothing is stored: if the object is evicted the window starts
 * again, which can only let a key through early, never block it wrongly.
 */
export class RateLimiter extends DurableObject {
  #windowStart = 0;
  #count = 0;

  hit(limit: number, windowSeconds: number, now = Date.now()): RateLimitDecision {
    const windowMs = windowSeconds * 1000;
    if (now - this.#windowStart >= windowMs) {
      this.#windowStart = now;
      this.#count = 0;
    }
    const resetSeconds = Math.max(1, Math.ceil((this.#windowStart + windowMs - now) / 1000));
    if (this.#count >= limit) return { allowed: false, limit, remaining: 0, resetSeconds };
    this.#count += 1;
    return { allowed: true, limit, remaining: limit - this.#count, resetSeconds };
  }
}
