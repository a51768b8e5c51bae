import { describe, expect, it } from 'vitest';
import { codePrefix, normalizeCode, prefixFromName, randomSuffix, SUFFIX_ALPHABET, vanityCodeProblem } from '../../worker/domain/codes';

describe('prefixFromName', () => {
  it('takes the first name in upper case', () => {
    expect(prefixFromName('Jane Doe')).toBe('JANE');
  });

  it('folds accents to plain letters', () => {
    expect(prefixFromName('Zoë Ångström')).toBe('ZOE');
    expect(prefixFromName('José')).toBe('JOSE');
  });

  it('skips leading punctuation, apostrophes and one-letter words', () => {
    expect(prefixFromName("  'J. O'Brien")).toBe('BRIEN');
  });

  it('caps long names at ten letters', () => {
    expect(prefixFromName('Bartholomew-Maximilian')).toBe('BARTHOLOME');
  });

  it('falls back to REF when there is no usable name', () => {
    expect(prefixFromName(null)).toBe('REF');
    expect(prefixFromName('')).toBe('REF');
    expect(prefixFromName('李小龍')).toBe('REF');
    expect(prefixFromName('=1+1')).toBe('REF');
  });
});

describe('codePrefix', () => {
  it('follows the campaign format', () => {
    expect(codePrefix({ prefixSource: 'fixed', fixedPrefix: 'ACME', suffixLength: 6 }, 'Jane')).toBe('ACME');
    expect(codePrefix({ prefixSource: 'none', fixedPrefix: null, suffixLength: 8 }, 'Jane')).toBeNull();
    expect(codePrefix({ prefixSource: 'name', fixedPrefix: null, suffixLength: 6 }, 'Jane')).toBe('JANE');
  });
});

describe('randomSuffix', () => {
  it('uses only unambiguous characters', () => {
    const suffix = randomSuffix(10_000);
    expect(suffix).toMatch(/^[0-9A-HJKMNP-TV-Z]+$/);
    expect(SUFFIX_ALPHABET).not.toMatch(/[ILOU]/);
  });

  it('is spread evenly over the alphabet, so codes cannot be guessed from each other', () => {
    const draws = 320_000;
    const counts = new Map<string, number>();
    for (let i = 0; i < draws / 32_000; i++) {
      for (const ch of randomSuffix(32_000)) counts.set(ch, (counts.get(ch) ?? 0) + 1);
    }
    const expected = draws / 32;
    const chiSquare = [...SUFFIX_ALPHABET].reduce((sum, ch) => sum + ((counts.get(ch) ?? 0) - expected) ** 2 / expected, 0);
    // 31 degrees of freedom: the 99.99th percentile is about 66.
    expect(chiSquare).toBeLessThan(66);
  });
});

describe('vanity codes', () => {
  it('accepts letters, digits and single inner hyphens, compared in upper case', () => {
    expect(vanityCodeProblem('jane-2026')).toBeNull();
    expect(normalizeCode(' jane-2026 ')).toBe('JANE-2026');
  });

  it('rejects codes that are too short, too long, or oddly punctuated', () => {
    for (const bad of ['ab', 'x'.repeat(33), '-JANE', 'JANE-', 'JA--NE', 'JANE 1', 'JANÉ']) {
      expect(vanityCodeProblem(bad), bad).not.toBeNull();
    }
  });
});
