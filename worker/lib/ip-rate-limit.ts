import { BoundedCache } from '../domain/bounded-cache';

const WINDOW_MS = 60_000;

/**
 * A per-IP fixed-window counter that lives in one isolate: no I/O, one Map lookup, so it can
 * sit on the redirect's warm path. Deployed, each isolate counts on its own, so the real
 * limit is this one times the isolates an attacker reaches; it stops floods from one client
 * hitting one location, which is what it is for. Bounded, so a spray of addresses cannot
 * grow it without end.
 */
export class IsolateRateLimiter {
  readonly #windows = new BoundedCache<{ count: number; resetAt: number }>(10_000);

  constructor(readonly limitPerMinute: number) {}

  /** Seconds to wait, or 0 when the request may pass. Requests without an address are not limited. */
  retryAfter(ip: string | null | undefined, now = Date.now()): number {
    if (!ip) return 0;
    const window = this.#windows.get(ip, now);
    if (!window) {
      this.#windows.set(ip, { count: 1, resetAt: now + WINDOW_MS }, WINDOW_MS, now);
      return 0;
    }
    if (window.count >= this.limitPerMinute) return Math.max(1, Math.ceil((window.resetAt - now) / 1000));
    window.count += 1;
    return 0;
  }
}

const perMinute = (value: string | undefined, fallback: number) => {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : fallback;
};

let redirects: IsolateRateLimiter | undefined;
let beacons: IsolateRateLimiter | undefined;

/** Share-link redirects per IP and isolate: REDIRECT_RATE_LIMIT_PER_MINUTE, else 1,200 (20/s). */
export function redirectLimiter(env: { REDIRECT_RATE_LIMIT_PER_MINUTE?: string }): IsolateRateLimiter {
  const limit = perMinute(env.REDIRECT_RATE_LIMIT_PER_MINUTE, 1_200);
  if (redirects?.limitPerMinute !== limit) redirects = new IsolateRateLimiter(limit);
  return redirects;
}

/** Visit beacons per IP and isolate: BEACON_RATE_LIMIT_PER_MINUTE, else 300. */
export function beaconLimiter(env: { BEACON_RATE_LIMIT_PER_MINUTE?: string }): IsolateRateLimiter {
  const limit = perMinute(env.BEACON_RATE_LIMIT_PER_MINUTE, 300);
  if (beacons?.limitPerMinute !== limit) beacons = new IsolateRateLimiter(limit);
  return beacons;
}
