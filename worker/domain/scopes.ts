/**
 * What a secret key may do. Admin keys and dashboard sessions hold every scope; a standard
 * (server) key holds the scopes it was created with, stored on its row (`api_keys.scopes`) so
 * the auth lookup reads them with the key, in the same query.
 */
export const GRANTABLE_SCOPES = [
  /** Every GET of users, referrals, rewards, balances, campaigns, vouchers, stats and events. */
  'read',
  /** Enrol, update, import and delete referrers. */
  'users:write',
  /** Record signups and sales, refunds, clicks, voucher redemptions. */
  'referrals:write',
  /** Issue, approve, pay and cancel rewards (one by one or in bulk). */
  'rewards:write',
  /** Create and change campaigns (landing URL, allowed domains, rules) and voucher pools. */
  'campaigns:write',
] as const;

/** Only the admin role carries these: a server key can never mint keys or point webhooks elsewhere. */
export const ADMIN_ONLY_SCOPES = ['keys:write', 'webhooks:write', 'environment:write'] as const;

export type GrantableScope = (typeof GRANTABLE_SCOPES)[number];
export type Scope = GrantableScope | (typeof ADMIN_ONLY_SCOPES)[number];

export const ALL_SCOPES: readonly Scope[] = [...GRANTABLE_SCOPES, ...ADMIN_ONLY_SCOPES];

/** A new server key: what a backend needs to enrol users and log referrals, and to read. */
export const DEFAULT_SCOPES: readonly GrantableScope[] = ['read', 'users:write', 'referrals:write'];

/**
 * What standard keys that existed before scopes (migration 0010) were given: everything they
 * could already do, so no integration broke on upgrade. Narrow them by issuing a new key.
 */
export const LEGACY_STANDARD_SCOPES: readonly GrantableScope[] = GRANTABLE_SCOPES;

export const isGrantable = (s: string): s is GrantableScope => (GRANTABLE_SCOPES as readonly string[]).includes(s);

/**
 * The caller's effective scopes: the admin role has all, a standard key its row's grantable
 * ones (anything else in the row is ignored), any other role none (fails closed).
 */
export function scopesOf(role: string, stored: readonly string[] | null | undefined): readonly Scope[] {
  if (role === 'admin') return ALL_SCOPES;
  if (role !== 'standard') return [];
  return (stored ?? []).filter(isGrantable);
}

/** Canonical order, no repeats: how scopes are stored and shown. */
export const normalizeScopes = (scopes: readonly GrantableScope[]): GrantableScope[] => GRANTABLE_SCOPES.filter((s) => scopes.includes(s));
