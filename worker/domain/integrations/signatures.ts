/**
 * Verifying billing webhooks as their providers specify, with WebCrypto (nothing of the providers'
 * SDKs enters the Worker; the tests sign with them).
 *
 * Stripe (https://docs.stripe.com/webhooks#verify-manually): `Stripe-Signature: t=<unix>,v1=<hex>,…`,
 * HMAC-SHA256 keyed with the whole `whsec_…` secret over `<t>.<raw body>`; during a secret rotation
 * the header carries several `v1` entries and any one may match; `t` must be within the tolerance.
 *
 * Shopify (https://shopify.dev/docs/apps/build/webhooks/subscribe/https#step-2-validate-the-origin-of-your-webhook-to-ensure-its-coming-from-shopify):
 * `X-Shopify-Hmac-Sha256` is the base64 HMAC-SHA256 of the raw body, keyed with the app's client secret.
 */
export const STRIPE_TOLERANCE_SECONDS = 300;

export type SignatureVerdict = { ok: true } | { ok: false; reason: 'no-signature' | 'bad-signature' | 'stale-timestamp' };

async function hmac(secret: string, payload: string): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return new Uint8Array(await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(payload)));
}

const toHex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && crypto.subtle.timingSafeEqual(a, b);
}

export async function verifyStripeSignature(header: string | undefined, body: string, secret: string, nowSeconds = Math.floor(Date.now() / 1000)): Promise<SignatureVerdict> {
  if (!header) return { ok: false, reason: 'no-signature' };
  let timestamp: number | undefined;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const at = part.indexOf('=');
    const name = part.slice(0, at).trim();
    const value = part.slice(at + 1).trim();
    if (name === 't' && /^\d{1,12}$/.test(value)) timestamp = Number(value);
    else if (name === 'v1' && /^[0-9a-f]{64}$/i.test(value)) signatures.push(value.toLowerCase());
  }
  if (timestamp === undefined || !signatures.length) return { ok: false, reason: 'no-signature' };
  const expected = new TextEncoder().encode(toHex(await hmac(secret, `${timestamp}.${body}`)));
  if (!signatures.some((s) => sameBytes(new TextEncoder().encode(s), expected))) return { ok: false, reason: 'bad-signature' };
  // Checked after the signature: a stale but genuine delivery is told apart from a forged one.
  if (Math.abs(nowSeconds - timestamp) > STRIPE_TOLERANCE_SECONDS) return { ok: false, reason: 'stale-timestamp' };
  return { ok: true };
}

export async function verifyShopifyHmac(header: string | undefined, body: string, secret: string): Promise<SignatureVerdict> {
  if (!header) return { ok: false, reason: 'no-signature' };
  let given: Uint8Array;
  try {
    given = Uint8Array.from(atob(header.trim()), (c) => c.charCodeAt(0));
  } catch {
    return { ok: false, reason: 'bad-signature' };
  }
  return sameBytes(given, await hmac(secret, body)) ? { ok: true } : { ok: false, reason: 'bad-signature' };
}

/** A Stripe-Signature header for `body`, for the dashboard's signed sample (the same scheme Stripe uses). */
export async function stripeSignatureHeader(secret: string, body: string, timestamp = Math.floor(Date.now() / 1000)): Promise<string> {
  return `t=${timestamp},v1=${toHex(await hmac(secret, `${timestamp}.${body}`))}`;
}

export async function shopifyHmacHeader(secret: string, body: string): Promise<string> {
  return btoa(String.fromCharCode(...(await hmac(secret, body))));
}
