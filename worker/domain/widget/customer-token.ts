/**
 * The customer token a shop's server signs for its logged-in customer (docs/widget.md):
 * `base64url(JSON payload) "." base64url(HMAC-SHA256(widget secret, first part))`, where the
 * payload is `{ "sub": external id, "exp": unix seconds, "name"?, "email"? }`. A few lines in
 * any language, no JWT library needed. A token lives at most MAX_TOKEN_LIFETIME_S.
 */
export interface CustomerClaims {
  sub: string;
  exp: number;
  name: string | null;
  email: string | null;
}

export const MAX_TOKEN_LIFETIME_S = 24 * 60 * 60;
const MAX_TOKEN_LENGTH = 4096;

const b64url = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes)).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');

function fromB64url(text: string): Uint8Array | null {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return null;
  try {
    return Uint8Array.from(atob(text.replaceAll('-', '+').replaceAll('_', '/')), (c) => c.charCodeAt(0));
  } catch {
    return null;
  }
}

const hmacKey = (secret: string, usage: 'sign' | 'verify') =>
  crypto.subtle.importKey('raw', new TextEncoder().encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, [usage]);

/** Signs claims as a shop's server does; the tests and the demo shop use it. */
export async function signCustomerToken(secret: string, claims: { sub: string; exp: number; name?: string; email?: string }): Promise<string> {
  const payload = b64url(new TextEncoder().encode(JSON.stringify(claims)));
  const mac = await crypto.subtle.sign('HMAC', await hmacKey(secret, 'sign'), new TextEncoder().encode(payload));
  return `${payload}.${b64url(new Uint8Array(mac))}`;
}

const text = (v: unknown, max: number) => (typeof v === 'string' && v.length > 0 && v.length <= max ? v : null);

/** The claims of a genuine, unexpired token, or null: expired, forged and malformed look the same to the caller. */
export async function verifyCustomerToken(token: string, secret: string, nowS = Math.floor(Date.now() / 1000)): Promise<CustomerClaims | null> {
  if (token.length > MAX_TOKEN_LENGTH) return null;
  const [payload, signature, extra] = token.split('.');
  if (!payload || !signature || extra !== undefined) return null;
  const mac = fromB64url(signature);
  if (!mac) return null;
  // crypto.subtle.verify compares in constant time.
  if (!(await crypto.subtle.verify('HMAC', await hmacKey(secret, 'verify'), mac, new TextEncoder().encode(payload)))) return null;
  const bytes = fromB64url(payload);
  let claims: unknown;
  try {
    claims = bytes && JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return null;
  }
  if (!claims || typeof claims !== 'object') return null;
  const c = claims as Record<string, unknown>;
  const sub = text(c.sub, 255);
  if (!sub || typeof c.exp !== 'number' || !Number.isFinite(c.exp)) return null;
  if (c.exp <= nowS || c.exp > nowS + MAX_TOKEN_LIFETIME_S) return null;
  return { sub, exp: c.exp, name: text(c.name, 255), email: text(c.email, 254) };
}
