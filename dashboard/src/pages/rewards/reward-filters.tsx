import type { Campaign } from '../../lib/api/types';

const STATUSES = ['pending', 'approved', 'paid', 'cancelled'] as const;

interface Props {
  status: string;
  onStatus: (v: string) => void;
  campaign: string;
  onCampaign: (v: string) => void;
  campaigns: Campaign[];
  user: string;
  onUser: (v: string) => void;
}

/** Status, campaign and recipient filters above the rewards table. */
export function RewardFilters(p: Props) {
  return (
    <search class="toolbar" aria-label="Filter rewards">
      <select value={p.status} onChange={(e) => p.onStatus(e.currentTarget.value)} aria-label="Status">
        <option value="">Any status</option>
        {STATUSES.map((s) => (
          <option key={s} value={s}>
            {s}
          </option>
        ))}
      </select>
      <select value={p.campaign} onChange={(e) => p.onCampaign(e.currentTarget.value)} aria-label="Campaign">
        <option value="">All campaigns</option>
        {p.campaigns.map((c) => (
          <option key={c.id} value={c.id}>
            {c.name}
          </option>
        ))}
      </select>
      <input type="search" value={p.user} onInput={(e) => p.onUser(e.currentTarget.value)} placeholder="Recipient: usr_… or external id" aria-label="Recipient" />
    </search>
  );
}
