import { describe, expect, it } from 'vitest';
import { ADMIN_ONLY_SCOPES, ALL_SCOPES, DEFAULT_SCOPES, GRANTABLE_SCOPES, normalizeScopes, scopesOf } from '../../worker/domain/scopes';

describe('scopesOf', () => {
  it('gives the admin role every scope, whatever its row says', () => {
    expect(scopesOf('admin', [])).toEqual(ALL_SCOPES);
    expect(scopesOf('admin', ['read'])).toEqual(ALL_SCOPES);
  });

  it("gives a standard key only its row's grantable scopes: an admin-only or unknown one in the row is ignored", () => {
    expect(scopesOf('standard', ['read', 'keys:write', 'webhooks:write', 'everything', 'rewards:write'])).toEqual(['read', 'rewards:write']);
    expect(scopesOf('standard', null)).toEqual([]);
  });

  it('never gives anything to a role it does not know', () => {
    expect(scopesOf('publishable', ['read', 'users:write'])).toEqual([]);
  });
});

describe('the scope sets', () => {
  it('keeps the default narrow: no rewards, campaigns or admin scopes', () => {
    expect(DEFAULT_SCOPES).toEqual(['read', 'users:write', 'referrals:write']);
    for (const s of ['rewards:write', 'campaigns:write', ...ADMIN_ONLY_SCOPES]) expect(DEFAULT_SCOPES).not.toContain(s);
  });

  it('normalizes to canonical order without repeats', () => {
    expect(normalizeScopes(['rewards:write', 'read', 'rewards:write'])).toEqual(['read', 'rewards:write']);
    expect(normalizeScopes([...GRANTABLE_SCOPES].reverse())).toEqual([...GRANTABLE_SCOPES]);
  });
});
