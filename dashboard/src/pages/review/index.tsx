import { DataTable } from '../../components/data-table';
import { Notice } from '../../components/notice';
import { api, listQuery } from '../../lib/api/endpoints';
import type { ReviewItem } from '../../lib/api/types';
import { rewardValue } from '../../lib/reward-value';
import { useAsync } from '../../lib/use-async';
import { useForm } from '../../lib/use-form';
import { usePage } from '../../lib/use-page';

const PER_PAGE = 50;
const REASONS: Record<string, string> = {
  refunded_after_payout: 'Refunded after payout',
  flagged: 'Flagged (dispute)',
  awaiting_approval: 'Awaiting approval',
};

/** The review queue: every reward that needs a human, with one-click outcomes (docs/ledger.md). */
export function Review() {
  const [page, setPage] = usePage('review');
  const action = useForm();
  const queue = useAsync(() => api.review.list(listQuery({ page, perPage: PER_PAGE, order: 'created_at', dir: 'desc' })), [page]);
  const act = (r: ReviewItem, outcome: 'approve' | 'cancel' | 'accept' | 'waive') =>
    void action.submit(async () => {
      if (outcome === 'approve') await api.rewards.approve(r.id);
      else if (outcome === 'cancel') await api.rewards.cancel(r.id, 'review');
      else await api.review.resolve(r.id, outcome);
      queue.reload();
      return `${rewardValue(r)} for ${r.user_id}: ${outcome}.`;
    });
  return (
    <section>
      <div class="page-head">
        <h1>Review</h1>
      </div>
      <Notice message={action.message} />
      {queue.error && <Notice message={{ kind: 'error', text: queue.error.message }} />}
      <DataTable<ReviewItem>
        label="Review queue"
        columns={[
          { key: 'reason', label: 'Why', cell: (r) => REASONS[r.review_reason ?? ''] ?? '—' },
          { key: 'reward', label: 'Reward', cell: (r) => `${rewardValue(r)}${r.reversed_amount ? ` (−${r.reversed_amount} reversed)` : ''}` },
          { key: 'user', label: 'User', cell: (r) => <a href={`/users/${r.user_id}`}>{r.user_id}</a>, hideSm: true },
          { key: 'status', label: 'Status', cell: (r) => r.status },
          {
            key: 'actions',
            label: 'Outcome',
            cell: (r) =>
              r.review_reason === 'awaiting_approval' ? (
                <>
                  <button type="button" onClick={() => act(r, 'approve')} disabled={action.busy}>
                    Approve
                  </button>
                  <button type="button" class="danger" onClick={() => act(r, 'cancel')} disabled={action.busy}>
                    Reject
                  </button>
                </>
              ) : (
                <>
                  <button type="button" onClick={() => act(r, 'accept')} disabled={action.busy}>
                    {r.review_reason === 'refunded_after_payout' ? 'Keep clawback' : 'Clear flag'}
                  </button>
                  {r.review_reason === 'refunded_after_payout' && (
                    <button type="button" onClick={() => act(r, 'waive')} disabled={action.busy}>
                      Waive
                    </button>
                  )}
                  {r.status !== 'paid' && (
                    <button type="button" class="danger" onClick={() => act(r, 'cancel')} disabled={action.busy}>
                      Cancel
                    </button>
                  )}
                </>
              ),
          },
        ]}
        rows={queue.data?.data}
        rowKey={(r) => r.id}
        rowAttrs={(r) => ({ 'data-review-id': r.id })}
        loading={queue.loading}
        pages={{ meta: queue.data?.meta, page, onPage: setPage }}
        empty={{ title: 'Nothing to review', body: 'Rewards flagged by a refund after payout or a dispute, and those awaiting approval, appear here.' }}
      />
    </section>
  );
}
