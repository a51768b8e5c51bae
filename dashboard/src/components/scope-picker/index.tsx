import type { components } from '../../lib/api/schema';

/** A scope a standard key can be given (the API's CreateApiKey.scopes). */
export type GrantableScope = NonNullable<components['schemas']['CreateApiKey']['scopes']>[number];

/** What a standard key may be given (worker/domain/scopes.ts), as the admin reads it. */
export const GRANTABLE_SCOPES: readonly (readonly [GrantableScope, string])[] = [
  ['read', 'Read users, referrals, rewards, campaigns, vouchers, stats and events'],
  ['users:write', 'Enrol, update, import and delete referrers'],
  ['referrals:write', 'Record signups, sales, refunds, clicks and voucher redemptions'],
  ['rewards:write', 'Issue, approve, pay and cancel rewards'],
  ['campaigns:write', 'Change campaigns (landing URL, allowed domains, rules) and voucher pools'],
];

/** A new server key's default: what a backend needs to enrol users and log referrals. */
export const DEFAULT_SCOPES: GrantableScope[] = ['read', 'users:write', 'referrals:write'];

/** Choose a standard key's scopes. */
export function ScopePicker({ value, onChange, error }: { value: GrantableScope[]; onChange: (scopes: GrantableScope[]) => void; error?: string }) {
  const toggle = (s: GrantableScope) => onChange(value.includes(s) ? value.filter((x) => x !== s) : [...value, s]);
  return (
    <fieldset class={`events scopes${error ? ' invalid' : ''}`}>
      <legend>Scopes</legend>
      <div class="event-grid">
        {GRANTABLE_SCOPES.map(([scope, label]) => (
          <label key={scope} class="check" title={label}>
            <input type="checkbox" name="scope" value={scope} checked={value.includes(scope)} onChange={() => toggle(scope)} /> <code>{scope}</code> <small>{label}</small>
          </label>
        ))}
      </div>
      {error && (
        <small class="error" role="alert">
          {error}
        </small>
      )}
    </fieldset>
  );
}
