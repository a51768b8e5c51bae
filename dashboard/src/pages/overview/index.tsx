import { useState } from 'preact/hooks';
import { Funnel } from '../../components/funnel';
import { Leaderboard } from '../../components/leaderboard';
import { LineChart } from '../../components/line-chart';
import { Notice } from '../../components/notice';
import { StatCard } from '../../components/stat-card';
import { api } from '../../lib/api/endpoints';
import { day, moneys, num, pct } from '../../lib/format';
import { useAsync } from '../../lib/use-async';
import { RangePicker } from './range-picker';
import css from './overview.module.css';

const DAY_MS = 86_400_000;

/** The programme at a glance: one GET /v1/stats for the range, and the chosen campaign's leaderboard. */
export function Overview() {
  const [range, setRange] = useState(() => ({ from: day(new Date(Date.now() - 29 * DAY_MS)), to: day(new Date()) }));
  const [campaignId, setCampaignId] = useState('');
  const campaigns = useAsync(() => api.campaigns.list(), []);
  const stats = useAsync(() => api.stats.get({ ...range, campaign_id: campaignId || undefined }), [range.from, range.to, campaignId]);

  const list = campaigns.data?.data ?? [];
  const board = list.find((c) => c.id === campaignId) ?? list.find((c) => c.is_default) ?? list[0];
  const s = stats.data;
  const t = s?.totals;
  const days = s?.data.map((d) => d.day) ?? [];
  return (
    <section>
      <div class="page-head">
        <h1>Overview</h1>
        <RangePicker range={range} onRange={setRange} campaigns={list} campaignId={campaignId} onCampaign={setCampaignId} />
      </div>
      {stats.error && <Notice message={{ kind: 'error', text: stats.error.message }} />}
      {!t && !stats.error && <p aria-busy="true">Loading…</p>}
      {s && t && (
        <>
          <div class={css.cards}>
            <StatCard label="Visits" value={num(t.visits)} sub={`${num(t.unique_visits)} unique`} />
            <StatCard label="Signups" value={num(t.signups)} sub={`${pct(t.signups, t.visits)} of visits`} />
            <StatCard label="Sales" value={num(t.sales)} sub={`${pct(t.sales, t.signups)} of signups`} />
            <StatCard label="Revenue" value={moneys(t.revenue)} />
            <StatCard label="Rewards issued" value={num(t.rewards)} sub={moneys(t.reward_value)} />
          </div>
          <div class={css.twoCol}>
            <div class="panel">
              <h2>Per day</h2>
              <LineChart
                title="Visits, signups and sales per day"
                days={days}
                series={[
                  { label: 'Visits', color: '#4f6bed', values: s.data.map((d) => d.visits) },
                  { label: 'Signups', color: '#1f9d6b', values: s.data.map((d) => d.signups) },
                  { label: 'Sales', color: '#e07b24', values: s.data.map((d) => d.sales) },
                ]}
              />
            </div>
            <div class="panel">
              <h2>Funnel</h2>
              <Funnel
                steps={[
                  ['Visits', t.visits],
                  ['Signups', t.signups],
                  ['Sales', t.sales],
                ]}
              />
            </div>
          </div>
        </>
      )}
      {board && (
        <div class="panel">
          <Leaderboard campaignId={board.id} title={`Top referrers: ${board.name}`} />
        </div>
      )}
    </section>
  );
}
