import { useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { api, listQuery } from '../../lib/api/endpoints';
import type { Balance } from '../../lib/api/types';
import { download } from '../../lib/download';
import { money, num } from '../../lib/format';
import { reasonText, rewardValue } from '../../lib/reward-value';
import { useAsync } from '../../lib/use-async';
import { usePage } from '../../lib/use-page';
import { REFERRAL_COLUMNS } from './referral-columns';
import { CopyButton } from '../../components/copy-button';
import { DataTable } from '../../components/data-table';
import { EmptyState } from '../../components/empty-state';
import { Notice } from '../../components/notice';

const PER_PAGE = 25;

export function UserDetail({ id }: { id: string }) {
  const { route } = useLocation();
  const user = useAsync(() => api.users.get(id), [id]);
  const [page, setPage] = usePage(user.data?.id ?? id);
  const referrals = useAsync(
    () => api.referrals.list(listQuery({ page, perPage: PER_PAGE, order: 'occurred_at', dir: 'desc', filters: [['referrer_id', 'equal', user.data?.id ?? id]] })),
    [user.data?.id, page],
  );
  const rewardList = useAsync(
    () => (user.data ? api.rewards.list(listQuery({ perPage: 100, order: 'created_at', dir: 'desc', filters: [['user_id', 'equal', user.data.id]] })) : Promise.resolve(undefined)),
    [user.data?.id],
  );
  const balance = useAsync(() => (user.data ? api.rewards.balance(user.data.id) : Promise.resolve(undefined)), [user.data?.id]);
  const [confirming, setConfirming] = useState(false);
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);

  if (user.error) return <EmptyState title="User not found">{user.error.message} <a href="/users">Back to users</a></EmptyState>;
  const u = user.data;
  if (!u) return <p aria-busy="true">Loading…</p>;
  const rewards = rewardList.data?.data ?? [];

  const exportData = async () => {
    try {
      const doc = await api.users.export(u.id);
      download(`user-${u.id}.json`, JSON.stringify(doc, null, 2), 'application/json');
    } catch (err) {
      setMessage({ kind: 'error', text: (err as Error).message });
    }
  };

  const remove = async () => {
    try {
      await api.users.remove(u.id);
      route('/users');
    } catch (err) {
      setMessage({ kind: 'error', text: (err as Error).message });
    }
  };

  return (
    <section>
      <p>
        <a href="/users">← Users</a>
      </p>
      <div class="page-head">
        <h1>{u.name || u.external_id}</h1>
        <button type="button" onClick={() => void exportData()}>
          Export data
        </button>
        {!confirming ? (
          <button type="button" class="danger" onClick={() => setConfirming(true)}>
            Delete user
          </button>
        ) : (
          <div class="confirm" role="alertdialog" aria-label="Confirm deletion">
            <span>Erase this person's data everywhere it was copied (events, referrals, webhooks)? Their rewards' amounts stay in the ledger; their code stays reserved.</span>
            <button type="button" class="danger" onClick={() => void remove()}>
              Yes, delete
            </button>
            <button type="button" onClick={() => setConfirming(false)}>
              Cancel
            </button>
          </div>
        )}
      </div>
      <Notice message={message} />
      <dl class="facts">
        <dt>Email</dt>
        <dd>{u.email ?? '—'}</dd>
        <dt>External id</dt>
        <dd>{u.external_id}</dd>
        <dt>Referral code</dt>
        <dd>
          <code class="code">{u.referral_code}</code> <CopyButton text={u.referral_code} label="Copy code" />
        </dd>
        <dt>Share link</dt>
        <dd class="share">
          <input readOnly value={u.share_url} aria-label="Share link" onFocus={(e) => e.currentTarget.select()} /> <CopyButton text={u.share_url} label="Copy link" />
        </dd>
        <dt>Referred by</dt>
        <dd>{u.referrer ? <a href={`/users/${u.referrer.id}`}>{u.referrer.name || u.referred_by}</a> : '—'}</dd>
        <dt>Visits</dt>
        <dd>
          {num(u.visits)} ({num(u.unique_visits)} unique)
        </dd>
        <dt>Balance</dt>
        <dd>
          <BalanceFacts balance={balance.data} />
        </dd>
      </dl>
      <h2>Sharing</h2>
      <ul class="links">
        {u.sharing.map((s) => (
          <li key={s.channel}>
            <a href={s.url} target="_blank" rel="noopener noreferrer">
              {s.channel}
            </a>
          </li>
        ))}
      </ul>
      <h2>Referrals</h2>
      <DataTable
        columns={REFERRAL_COLUMNS}
        rows={referrals.data?.data}
        rowKey={(r) => r.id}
        loading={referrals.loading}
        pages={{ meta: referrals.data?.meta, page, onPage: setPage }}
        empty={{
          title: 'No referrals yet',
          body: (
            <>
              Share the link above, or <a href={`/referrals/new?code=${encodeURIComponent(u.referral_code)}`}>log a referral by hand</a>.
            </>
          ),
        }}
      />
      <div class="page-head">
        <h2>Rewards</h2>
        <div class="actions">
          <a class="button" href={`/rewards?user=${u.id}`}>
            Manage rewards
          </a>
          <a class="button" href={`/rewards?issue=${u.id}`}>
            Issue a reward
          </a>
        </div>
      </div>
      {rewards.length ? (
        <ul class="rewards">
          {rewards.map((w) => (
            <li key={w.id}>
              {rewardValue(w)} as {w.recipient} — <span class={`status ${w.status}`}>{w.status}</span> <small class="muted">{reasonText(w.status_reason)}</small>{' '}
              {w.rule_id ? <small>rule {w.rule_id}</small> : w.note && <small>{w.note}</small>}
            </li>
          ))}
        </ul>
      ) : (
        <p class="muted">No rewards yet: they appear when a referral meets a campaign rule, or when you issue one.</p>
      )}
    </section>
  );
}

/** Owed (pending + approved) and paid per currency, then points and vouchers, from GET /v1/users/{id}/balance. */
function BalanceFacts({ balance }: { balance?: Balance }) {
  if (!balance) return <span aria-busy="true">…</span>;
  const parts = [
    ...balance.currencies.map((c) => `${money(c.pending + c.approved, c.currency)} due · ${money(c.paid, c.currency)} paid`),
    ...(balance.points.earned ? [`${num(balance.points.balance)} points`] : []),
    ...(balance.vouchers.earned ? [`${num(balance.vouchers.earned)} voucher${balance.vouchers.earned === 1 ? '' : 's'}`] : []),
  ];
  if (!parts.length) return <>No rewards yet.</>;
  return (
    <>
      {parts.map((p) => (
        <span key={p} class="pill">
          {p}
        </span>
      ))}
    </>
  );
}
