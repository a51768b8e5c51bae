import { customAlphabet } from 'nanoid';

const keySecret = customAlphabet('0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz', 40);

export async function sha256Hex(input: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(input));
  return toHex(new Uint8Array(digest));
}

/**
 * `rk_test_` + 40 base62 characters (~238 bits); `pk_test_…` for a publishable key, which the
 * referral widget sends from browsers (docs/widget.md).
 */
export const newApiKey = (mode: 'live' | 'test', kind: 'rk' | 'pk' = 'rk') => `${kind}_${mode}_${keySecret()}`;

/** The environment's widget secret, which signs customer tokens: `ws_` + 40 base62 characters. */
export const newWidgetSecret = () => `ws_${keySecret()}`;

/** Secret of an inbound hook URL: `hk_` + 40 base62 characters. */
export const newHookToken = () => `hk_${keySecret()}`;

/** What is shown to identify a key without revealing it. */
export const apiKeyPrefix = (key: string) => key.slice(0, 12);

const PBKDF2_ITERATIONS = 100_000;

/** `pbkdf2-sha256$<iterations>$<salt hex>$<hash hex>`. */
export async function hashPassword(password: string, salt = crypto.getRandomValues(new Uint8Array(16))): Promise<string> {
  const bits = await pbkdf2(password, salt, PBKDF2_ITERATIONS);
  return `pbkdf2-sha256$${PBKDF2_ITERATIONS}$${toHex(salt)}$${toHex(bits)}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, iterations, saltHex, hashHex] = stored.split('$');
  if (scheme !== 'pbkdf2-sha256' || !iterations || !saltHex || !hashHex) return false;
  const bits = await pbkdf2(password, fromHex(saltHex), Number(iterations));
  return timingSafeEqual(toHex(bits), hashHex);
}

export function timingSafeEqual(a: string, b: string): boolean {
  const x = new TextEncoder().encode(a);
  const y = new TextEncoder().encode(b);
  if (x.length !== y.length) return false;
  return crypto.subtle.timingSafeEqual(x, y);
}

async function pbkdf2(password: string, salt: Uint8Array, iterations: number): Promise<Uint8Array> {
  const material = await crypto.subtle.importKey('raw', new TextEncoder().encode(password), 'PBKDF2', false, ['deriveBits']);
  const bits = await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, material, 256);
  return new Uint8Array(bits);
}

const toHex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
const fromHex = (hex: string) => new Uint8Array(hex.match(/../g)?.map((h) => parseInt(h, 16)) ?? []);
