import { useState } from 'preact/hooks';
import { api } from '../../lib/api/endpoints';
import type { Leaderboard as Board } from '../../lib/api/types';
import { money, num } from '../../lib/format';
import { useAsync } from '../../lib/use-async';
import { EmptyState } from '../empty-state';
import { Notice } from '../notice';

const BY = [
  ['referrals', 'Referrals'],
  ['revenue', 'Revenue'],
  ['rewards', 'Rewards'],
] as const;

/** A campaign's top referrers, by referrals, revenue or rewards earned. */
export function Leaderboard({ campaignId }: { campaignId: string }) {
  const [by, setBy] = useState<Board['by']>('referrals');
  const board = useAsync(() => api.leaderboard(campaignId, by), [campaignId, by]);
  const rows = board.data?.data ?? [];
  return (
    <section aria-label="Leaderboard" id="leaderboard">
      <div class="page-head">
        <h2>Leaderboard</h2>
        <select value={by} onChange={(e) => setBy(e.currentTarget.value as Board['by'])} aria-label="Rank by">
          {BY.map(([v, label]) => (
            <option key={v} value={v}>
              By {label.toLowerCase()}
            </option>
          ))}
        </select>
      </div>
      {board.error && <Notice message={{ kind: 'error', text: board.error.message }} />}
      {board.data && rows.length === 0 && <EmptyState title="Nobody on the board yet">Referrers appear here once their referrals qualify.</EmptyState>}
      {rows.length > 0 && (
        <div class="table-wrap">
          <table aria-busy={board.loading}>
            <thead>
              <tr>
                <th>Rank</th>
                <th>Referrer</th>
                <th>Code</th>
                <th>{BY.find(([v]) => v === by)?.[1]}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.user_id}>
                  <td>{r.rank}</td>
                  <td>
                    <a href={`/users/${r.user_id}`}>{r.name || r.external_id || r.user_id}</a>
                  </td>
                  <td>
                    <code>{r.referral_code}</code>
                  </td>
                  <td>{by === 'revenue' ? money(r.value, board.data?.currency) : num(r.value)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
