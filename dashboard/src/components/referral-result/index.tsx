import type { Referral } from '../../lib/api/types';
import { money, num } from '../../lib/format';

const REASONS: Record<string, string> = {
  self_referral: 'The referrer cannot refer themselves.',
  already_referred: 'This referee was already referred.',
  cap_reached: "The referrer reached the rule's reward cap.",
  below_min_amount: 'The sale is below the minimum amount.',
  above_max_amount: 'The sale is above the maximum amount.',
  no_matching_rule: 'No rule of the campaign is triggered by this event.',
  budget_exhausted: "The campaign's budget is spent.",
  milestone_not_reached: 'The milestone for this rule is not reached yet.',
};

/** What the engine did with an event: its rewards, or why there were none. */
export function ReferralResult({ referral, repeat }: { referral: Referral; repeat: boolean }) {
  return (
    <div class="panel result" role="status" data-testid="referral-result">
      <h2>
        {repeat ? 'Already recorded' : 'Recorded'}: <span class={`status ${referral.status}`}>{referral.status.replace('_', ' ')}</span>
      </h2>
      {referral.rewards.length > 0 ? (
        <ul>
          {referral.rewards.map((r) => (
            <li key={r.id}>
              <strong>{r.recipient}</strong> earns {r.type === 'points' ? `${num(r.points ?? 0)} points` : r.type === 'voucher' ? 'a voucher' : money(r.amount, r.currency)} ({r.type}, {r.status}
              {r.status_reason ? `: ${r.status_reason.replace(/_/g, ' ')}` : ''}) — rule <code>{r.rule_id}</code>
            </li>
          ))}
        </ul>
      ) : (
        <>
          <p>No reward was made.</p>
          <ul>
            {referral.reasons.map((r, i) => (
              <li key={i}>
                {REASONS[r.reason] ?? r.reason.replace(/_/g, ' ')}
                {r.rule_id && (
                  <>
                    {' '}
                    (rule <code>{r.rule_id}</code>)
                  </>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
