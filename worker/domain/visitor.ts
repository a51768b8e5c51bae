/** How long repeated clicks by the same visitor on the same referrer's link count as one unique visit. */
export const UNIQUE_WINDOW_MS = 30 * 60 * 1000;

/**
 * An opaque visitor id: SHA-256 of (referrer, IP, user agent), first 16 bytes. Salting with the
 * referrer means the same person gets unrelated ids on different links, and no raw IP is stored.
 * Null when there is nothing to identify the visitor by; such a click is always unique.
 */
export async function visitorId(userId: string, ip: string | null | undefined, userAgent: string | null | undefined): Promise<string | null> {
  if (!ip && !userAgent) return null;
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(`${userId}\n${ip ?? ''}\n${userAgent ?? ''}`));
  return Array.from(new Uint8Array(digest, 0, 16), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** The UTC day a click belongs to, `YYYY-MM-DD`. */
export const utcDay = (at: number) => new Date(at).toISOString().slice(0, 10);
