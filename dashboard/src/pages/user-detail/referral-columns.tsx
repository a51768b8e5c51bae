import type { Column } from '../../components/data-table';
import type { Referral } from '../../lib/api/types';
import { date, money } from '../../lib/format';
import { rewardValue } from '../../lib/reward-value';

const outcome = (r: Referral) => r.rewards.map((w) => `${w.recipient}: ${rewardValue(w)} (${w.status})`).join(', ') || r.reasons.map((x) => x.reason).join(', ') || '—';

/** A referrer's referrals: when, what, its status, amount, and the rewards it earned (or why not). */
export const REFERRAL_COLUMNS: Column<Referral>[] = [
  { key: 'when', label: 'When', cell: (r) => date(r.occurred_at) },
  { key: 'type', label: 'Type', cell: (r) => r.type },
  { key: 'status', label: 'Status', cell: (r) => <span class={`status ${r.status}`}>{r.status}</span> },
  { key: 'amount', label: 'Amount', cell: (r) => money(r.amount, r.currency) },
  { key: 'rewards', label: 'Rewards', cell: outcome },
];
