import { useState } from 'preact/hooks';
import { api } from '../../lib/api/endpoints';
import type { Leaderboard as Board } from '../../lib/api/types';
import { money, num } from '../../lib/format';
import { useAsync } from '../../lib/use-async';
import { type Column, DataTable } from '../data-table';
import { Notice } from '../notice';

type Row = Board['data'][number];

const BY = [
  ['referrals', 'Referrals'],
  ['revenue', 'Revenue'],
  ['rewards', 'Rewards'],
] as const;

const columns = (by: Board['by'], currency: string | null | undefined): Column<Row>[] => [
  { key: 'rank', label: 'Rank', cell: (r) => r.rank },
  { key: 'referrer', label: 'Referrer', cell: (r) => <a href={`/users/${r.user_id}`}>{r.name || r.external_id || r.user_id}</a> },
  { key: 'code', label: 'Code', cell: (r) => <code>{r.referral_code}</code> },
  { key: 'value', label: BY.find(([v]) => v === by)?.[1], cell: (r) => (by === 'revenue' ? money(r.value, currency) : num(r.value)) },
];

/** A campaign's top referrers, by referrals, revenue or rewards earned. */
export function Leaderboard({ campaignId, title = 'Leaderboard' }: { campaignId: string; title?: string }) {
  const [by, setBy] = useState<Board['by']>('referrals');
  const board = useAsync(() => api.leaderboard(campaignId, by), [campaignId, by]);
  return (
    <section aria-label="Leaderboard" id="leaderboard">
      <div class="page-head">
        <h2>{title}</h2>
        <select value={by} onChange={(e) => setBy(e.currentTarget.value as Board['by'])} aria-label="Rank by">
          {BY.map(([v, label]) => (
            <option key={v} value={v}>
              By {label.toLowerCase()}
            </option>
          ))}
        </select>
      </div>
      {board.error && <Notice message={{ kind: 'error', text: board.error.message }} />}
      <DataTable
        columns={columns(by, board.data?.currency)}
        rows={board.data?.data}
        rowKey={(r) => r.user_id}
        loading={board.loading}
        empty={{ title: 'Nobody on the board yet', body: 'Referrers appear here once their referrals qualify.' }}
      />
    </section>
  );
}
