import { useState } from 'preact/hooks';
import { api, listQuery } from '../../lib/api/endpoints';
import type { Referral, User } from '../../lib/api/types';
import { aggregate } from '../../lib/aggregate';
import { day, money, num, pct } from '../../lib/format';
import { useAsync } from '../../lib/use-async';
import { EmptyState } from '../../components/empty-state';
import { Funnel } from '../../components/funnel';
import { LineChart } from '../../components/line-chart';
import { Notice } from '../../components/notice';
import css from './overview.module.css';

/** The overview reads at most this many events per range (10 pages of 250). */
const MAX_PAGES = 10;

async function eventsIn(from: string, to: string, campaignId: string) {
  const filters: [string, string, string][] = [
    ['occurred_at', 'gte', `${from}T00:00:00.000Z`],
    ['occurred_at', 'lte', `${to}T23:59:59.999Z`],
    ...(campaignId ? [['campaign_id', 'equal', campaignId] as [string, string, string]] : []),
  ];
  const all: Partial<Referral>[] = [];
  let total = 0;
  for (let page = 1; page <= MAX_PAGES; page++) {
    const res = await api.referrals.list(listQuery({ page, perPage: 250, filters, order: 'occurred_at', dir: 'asc' }));
    all.push(...res.data);
    total = res.meta.total;
    if (page >= res.meta.last_page) break;
  }
  return { events: all, truncated: total > all.length };
}

const moneyList = (m: Map<string, number>) =>
  m.size
    ? [...m.entries()].map(([c, a]) => money(a, c)).join(' + ')
    : money(0, 'USD');

export function Overview() {
  const today = new Date();
  const [to, setTo] = useState(day(today));
  const [from, setFrom] = useState(day(new Date(today.getTime() - 29 * 86400_000)));
  const [campaignId, setCampaignId] = useState('');
  const campaigns = useAsync(() => api.campaigns.list(), []);
  const data = useAsync(async () => {
    const [stats, ev] = await Promise.all([api.stats.get({ from, to, campaign_id: campaignId || undefined }), eventsIn(from, to, campaignId)]);
    const totals = aggregate(ev.events);
    const top = [...totals.byReferrer.entries()].sort((a, b) => b[1].referrals - a[1].referrals || b[1].sales - a[1].sales).slice(0, 5);
    const people = await Promise.all(top.map(([id]) => api.users.get(id).catch(() => null)));
    return { stats, totals, truncated: ev.truncated, top: top.map(([id, t], i) => ({ id, ...t, user: people[i] as User | null })) };
  }, [from, to, campaignId]);

  const preset = (days: number) => {
    setTo(day(new Date()));
    setFrom(day(new Date(Date.now() - (days - 1) * 86400_000)));
  };

  const d = data.data;
  const days = d?.stats.data.map((x) => x.day) ?? [];
  const visits = d?.stats.totals.visits ?? 0;
  return (
    <section>
      <div class="page-head">
        <h1>Overview</h1>
        <form class="range" onSubmit={(e) => e.preventDefault()} aria-label="Date range">
          {(campaigns.data?.data.length ?? 0) > 1 && (
            <select value={campaignId} onChange={(e) => setCampaignId(e.currentTarget.value)} aria-label="Campaign">
              <option value="">All campaigns</option>
              {campaigns.data?.data.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
          )}
          <label>
            From <input type="date" value={from} max={to} onChange={(e) => setFrom(e.currentTarget.value)} />
          </label>
          <label>
            To <input type="date" value={to} min={from} onChange={(e) => setTo(e.currentTarget.value)} />
          </label>
          {[7, 30, 90].map((n) => (
            <button type="button" key={n} onClick={() => preset(n)}>
              {n} days
            </button>
          ))}
        </form>
      </div>
      {data.error && <Notice message={{ kind: 'error', text: data.error.message }} />}
      {!d && !data.error && <p aria-busy="true">Loading…</p>}
      {d && (
        <>
          {d.truncated && <Notice message={{ kind: 'error', text: 'Showing the first 2,500 events of this range; narrow it for exact totals.' }} />}
          <div class={css.cards}>
            <Card label="Visits" value={num(visits)} sub={`${num(d.stats.totals.unique_visits)} unique`} />
            <Card label="Signups" value={num(d.totals.signups)} sub={`${pct(d.totals.signups, visits)} of visits`} />
            <Card label="Sales" value={num(d.totals.sales)} sub={`${pct(d.totals.sales, d.totals.signups)} of signups`} />
            <Card label="Revenue" value={moneyList(d.totals.revenue)} />
            <Card label="Rewards due" value={moneyList(d.totals.rewardsDue)} />
            <Card label="Rewards paid" value={moneyList(d.totals.rewardsPaid)} />
          </div>
          <div class={css.twoCol}>
            <div class="panel">
              <h2>Per day</h2>
              <LineChart
                title="Visits, signups and sales per day"
                days={days}
                series={[
                  { label: 'Visits', color: '#4f6bed', values: d.stats.data.map((x) => x.visits) },
                  { label: 'Signups', color: '#1f9d6b', values: days.map((x) => d.totals.byDay.get(x)?.signups ?? 0) },
                  { label: 'Sales', color: '#e07b24', values: days.map((x) => d.totals.byDay.get(x)?.sales ?? 0) },
                ]}
              />
            </div>
            <div class="panel">
              <h2>Funnel</h2>
              <Funnel
                steps={[
                  ['Visits', visits],
                  ['Signups', d.totals.signups],
                  ['Sales', d.totals.sales],
                ]}
              />
            </div>
          </div>
          <div class="panel">
            <h2>Top referrers</h2>
            {d.top.length === 0 ? (
              <EmptyState title="No referrals in this range">
                Share links bring visits; <a href="/referrals/new">log a referral</a> or send events from your backend to see referrers here.
              </EmptyState>
            ) : (
              <table>
                <thead>
                  <tr>
                    <th>Referrer</th>
                    <th>Referrals</th>
                    <th>Sales</th>
                  </tr>
                </thead>
                <tbody>
                  {d.top.map((t) => (
                    <tr key={t.id}>
                      <td>
                        <a href={`/users/${t.id}`}>{t.user?.name || t.user?.external_id || t.id}</a>
                      </td>
                      <td>{num(t.referrals)}</td>
                      <td>{num(t.sales)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </div>
        </>
      )}
    </section>
  );
}

function Card({ label, value, sub }: { label: string; value: string; sub?: string }) {
  return (
    <div class={css.card}>
      <span class={css.cardLabel}>{label}</span>
      <strong class={css.cardValue}>{value}</strong>
      {sub && <small>{sub}</small>}
    </div>
  );
}
