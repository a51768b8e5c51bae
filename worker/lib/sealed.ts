/**
 * Seals a stored response so that only the caller who made the request can read it back:
 * AES-256-GCM under a key derived (HKDF-SHA256) from the caller's own credential (the raw API
 * key or the dashboard session token, which D1 holds only as hashes) and the idempotency key.
 * A database dump or backup then shows no secret an answer carried (a new API key, a webhook
 * secret, an inbound hook URL).
 */
const PREFIX = 'sealed:v1:';

async function keyFor(credential: string, context: string): Promise<CryptoKey> {
  const material = await crypto.subtle.importKey('raw', new TextEncoder().encode(credential), 'HKDF', false, ['deriveKey']);
  return crypto.subtle.deriveKey(
    { name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(0), info: new TextEncoder().encode(`referrio idempotency ${context}`) },
    material,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
  );
}

function toBase64(bytes: Uint8Array): string {
  // In chunks: spreading a large array into String.fromCharCode would overflow the stack.
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}
const fromBase64 = (text: string) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));

export async function seal(plain: string, credential: string, context: string): Promise<string> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const cipher = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, await keyFor(credential, context), new TextEncoder().encode(plain)));
  const out = new Uint8Array(iv.length + cipher.length);
  out.set(iv);
  out.set(cipher, iv.length);
  return PREFIX + toBase64(out);
}

/** The plain text, or null when this credential cannot open it (another caller's answer). Unsealed text passes through. */
export async function unseal(stored: string, credential: string, context: string): Promise<string | null> {
  if (!stored.startsWith(PREFIX)) return stored;
  const bytes = fromBase64(stored.slice(PREFIX.length));
  try {
    const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: bytes.subarray(0, 12) }, await keyFor(credential, context), bytes.subarray(12));
    return new TextDecoder().decode(plain);
  } catch {
    return null;
  }
}
