/**
 * The Standard Webhooks retry schedule: the first attempt at once, then these delays after
 * each failure (about three days in all). After the last one the delivery is failed.
 */
export const RETRY_DELAYS_MS = [5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 50_400_000, 72_000_000, 86_400_000] as const;

export const MAX_ATTEMPTS = RETRY_DELAYS_MS.length + 1;

/** ±10 %: endpoints that fail together do not all get retried in the same second. */
export const JITTER = 0.1;

/** Retry-After never pushes an attempt further out than the longest step of the schedule. */
const MAX_RETRY_AFTER_MS = 86_400_000;

/**
 * How long to wait after failed attempt number `attempt` (1-based), or null when it was the
 * last. A Retry-After longer than the scheduled delay wins; a shorter one does not bring the
 * retry forward (the receiver is struggling, and the schedule is already a floor).
 */
export function retryDelayMs(attempt: number, random: number, retryAfterMs: number | null = null): number | null {
  const base = RETRY_DELAYS_MS[attempt - 1];
  if (base === undefined) return null;
  const jittered = Math.round(base * (1 - JITTER + 2 * JITTER * random));
  return retryAfterMs === null ? jittered : Math.max(jittered, Math.min(retryAfterMs, MAX_RETRY_AFTER_MS));
}

/** Retry-After is seconds or an HTTP date (RFC 9110 §10.2.3); anything else is ignored. */
export function parseRetryAfter(value: string | null, now: number): number | null {
  if (!value) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}
