/** How long repeated clicks by the same visitor on the same referrer's link count as one unique visit. */
export const UNIQUE_WINDOW_MS = 30 * 60 * 1000;

const HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));
const encoder = new TextEncoder();

/**
 * An opaque visitor id: SHA-256 of (referrer, IP, user agent), first 16 bytes in hex. Salting
 * with the referrer means the same person gets unrelated ids on different links, and no raw IP
 * is stored. Null when there is nothing to identify the visitor by; such a click is always
 * unique. Computed once per distinct visitor of a click batch, off the request.
 */
export async function visitorId(userId: string, ip: string | null | undefined, userAgent: string | null | undefined): Promise<string | null> {
  if (!ip && !userAgent) return null;
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(`${userId}\n${ip ?? ''}\n${userAgent ?? ''}`)), 0, 16);
  let hex = '';
  for (const byte of digest) hex += HEX[byte];
  return hex;
}

/** The UTC day a click belongs to, `YYYY-MM-DD`. */
export const utcDay = (at: number) => new Date(at).toISOString().slice(0, 10);
