import type { Campaign } from '../../lib/api/types';
import { day } from '../../lib/format';

export interface Range {
  from: string;
  to: string;
}

const PRESETS = [7, 30, 90];

/** The overview's campaign, dates and 7/30/90-day presets. */
export function RangePicker(props: { range: Range; onRange: (r: Range) => void; campaigns: Campaign[]; campaignId: string; onCampaign: (id: string) => void }) {
  const { range, onRange, campaigns } = props;
  const preset = (days: number) => onRange({ from: day(new Date(Date.now() - (days - 1) * 86_400_000)), to: day(new Date()) });
  return (
    <form class="range" onSubmit={(e) => e.preventDefault()} aria-label="Date range">
      {campaigns.length > 1 && (
        <select value={props.campaignId} onChange={(e) => props.onCampaign(e.currentTarget.value)} aria-label="Campaign">
          <option value="">All campaigns</option>
          {campaigns.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </select>
      )}
      <label>
        From <input type="date" value={range.from} max={range.to} onChange={(e) => onRange({ ...range, from: e.currentTarget.value })} />
      </label>
      <label>
        To <input type="date" value={range.to} min={range.from} onChange={(e) => onRange({ ...range, to: e.currentTarget.value })} />
      </label>
      {PRESETS.map((n) => (
        <button type="button" key={n} onClick={() => preset(n)}>
          {n} days
        </button>
      ))}
    </form>
  );
}
