/**
 * Referral codes: `PREFIX-SUFFIX`, e.g. `JANE-7K2M9Q`.
 * The suffix uses Crockford's base32 alphabet (no I, L, O, U), so a code read aloud or
 * copied by hand is not mistaken for another; lookups are case-insensitive.
 */
export const SUFFIX_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const FALLBACK_PREFIX = 'REF';
const MAX_PREFIX_LENGTH = 10;

export interface CodeFormat {
  prefixSource: 'name' | 'fixed' | 'none';
  fixedPrefix: string | null;
  suffixLength: number;
}

/** First name, folded to A–Z (`Zoë` → `ZOE`); the fallback when nothing usable is left. */
export function prefixFromName(name: string | null | undefined): string {
  const folded = (name ?? '')
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toUpperCase();
  const firstWord = folded.split(/[^A-Z]+/).find((w) => w.length >= 2);
  return firstWord ? firstWord.slice(0, MAX_PREFIX_LENGTH) : FALLBACK_PREFIX;
}

export function codePrefix(format: CodeFormat, name: string | null | undefined): string | null {
  switch (format.prefixSource) {
    case 'name':
      return prefixFromName(name);
    case 'fixed':
      return format.fixedPrefix ?? FALLBACK_PREFIX;
    case 'none':
      return null;
  }
}

/** Uniform over the alphabet: 32 divides 256, so masking a random byte has no bias. */
export function randomSuffix(length: number): string {
  const bytes = crypto.getRandomValues(new Uint8Array(length));
  let out = '';
  for (const byte of bytes) out += SUFFIX_ALPHABET[byte & 31];
  return out;
}

export const composeCode = (prefix: string | null, suffix: string) => (prefix ? `${prefix}-${suffix}` : suffix);

export const normalizeCode = (code: string) => code.trim().toUpperCase();

const VANITY = /^[A-Z0-9](?:[A-Z0-9-]{1,30})[A-Z0-9]$/;

/** Vanity codes: 3–32 letters, digits and inner hyphens, compared upper-case. */
export function vanityCodeProblem(code: string): string | null {
  const normalized = normalizeCode(code);
  if (!VANITY.test(normalized)) return 'Use 3 to 32 letters, digits and inner hyphens.';
  if (normalized.includes('--')) return 'Use single hyphens only.';
  return null;
}

export const FIXED_PREFIX = /^[A-Z0-9]{1,10}$/;
