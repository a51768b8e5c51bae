import { describe, expect, it } from 'vitest';
import { destination, isCodeShaped, safeUrl } from '../../worker/domain/link-destination';

describe('destination', () => {
  it('sets UTM parameters and r=CODE, keeping the query and fragment', () => {
    const landing = new URL('https://shop.example.com/p?a=1&utm_source=old#x');
    expect(destination(landing, { utm_source: 'referral' }, 'JANE-1')).toBe('https://shop.example.com/p?a=1&utm_source=referral&r=JANE-1#x');
  });

  it('replaces an r parameter already in the landing URL', () => {
    expect(destination(new URL('https://shop.example.com/?r=OLD'), {}, 'NEW')).toBe('https://shop.example.com/?r=NEW');
  });
});

describe('safeUrl', () => {
  it.each([
    ['javascript:alert(1)', ['shop.example.com']],
    ['http://shop.example.com/', ['shop.example.com']],
    ['https://user:pw@shop.example.com/', ['shop.example.com']],
    ['https://shop.example.com.evil.example/', ['shop.example.com']],
    ['https://evil.example/', ['shop.example.com']],
    ['not a url', null],
  ] as const)('refuses %s', (raw, domains) => {
    expect(safeUrl(raw, domains ? [...domains] : null, true)).toBeNull();
  });

  it('accepts https inside the allowed domains and their subdomains', () => {
    expect(safeUrl('https://eu.shop.example.com/x', ['shop.example.com'], false)?.hostname).toBe('eu.shop.example.com');
  });

  it('accepts http on localhost only in development', () => {
    expect(safeUrl('http://localhost:3000/', ['localhost'], true)).not.toBeNull();
    expect(safeUrl('http://localhost:3000/', ['localhost'], false)).toBeNull();
  });
});

describe('isCodeShaped', () => {
  it('takes letters, digits and hyphens only', () => {
    expect(isCodeShaped('jane-7K2M9Q')).toBe(true);
    expect(isCodeShaped('//evil.example')).toBe(false);
    expect(isCodeShaped('a'.repeat(65))).toBe(false);
  });
});
