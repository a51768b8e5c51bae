import type { StatsDay, StatsSummary } from './types';

const ZERO: Omit<StatsDay, 'day'> = { visits: 0, unique_visits: 0, signups: 0, sales: 0, revenue: {}, rewards: 0, reward_value: {} };

/** GET /v1/stats read by its contract (per UTC day and in total); a field the Worker leaves out reads as zero. */
export function toStatsSummary(raw: { from: string; to: string; campaign_id: string | null; totals: Partial<StatsDay>; data: Partial<StatsDay>[] }): StatsSummary {
  return {
    from: raw.from,
    to: raw.to,
    campaign_id: raw.campaign_id,
    totals: { ...ZERO, ...raw.totals },
    data: raw.data.map((d) => ({ ...ZERO, day: '', ...d })),
  };
}

