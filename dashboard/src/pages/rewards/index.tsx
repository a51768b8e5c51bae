import { useEffect, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { api, listQuery } from '../../lib/api/endpoints';
import type { BulkResult, Reward } from '../../lib/api/types';
import { date } from '../../lib/format';
import { reasonText, rewardValue } from '../../lib/reward-value';
import { useAsync } from '../../lib/use-async';
import { useForm } from '../../lib/use-form';
import { BulkReport } from '../../components/bulk-report';
import { EmptyState } from '../../components/empty-state';
import { Notice } from '../../components/notice';
import { Pager } from '../../components/pager';
import { RewardIssue } from '../../components/reward-issue';

const STATUSES = ['pending', 'approved', 'paid', 'cancelled'] as const;
const PER_PAGE = 50;
type Action = 'approve' | 'pay' | 'cancel';

const can = (r: Partial<Reward>, a: Action) =>
  a === 'approve' ? r.status === 'pending' && (r.type !== 'voucher' || !!r.voucher_code) : a === 'pay' ? r.status === 'approved' : r.status === 'pending' || r.status === 'approved';

export function Rewards() {
  const { query } = useLocation();
  const [status, setStatus] = useState(query.status ?? '');
  const [campaign, setCampaign] = useState(query.campaign ?? '');
  const [userDraft, setUserDraft] = useState(query.user ?? '');
  const [user, setUser] = useState(userDraft);
  const [page, setPage] = useState(1);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [payout, setPayout] = useState('');
  const [reason, setReason] = useState('');
  const [issuing, setIssuing] = useState(!!query.issue);
  const [bulk, setBulk] = useState<BulkResult | null>(null);
  const action = useForm();
  const campaigns = useAsync(() => api.campaigns.list(), []);
  const names = new Map((campaigns.data?.data ?? []).map((c) => [c.id, c.name]));

  const rewards = useAsync(async () => {
    // The recipient filter takes an external id too: resolve it to the usr_ id the API filters by.
    const userId = user.trim() ? (await api.users.get(user.trim())).id : '';
    const filters: [string, string, string][] = [];
    if (status) filters.push(['status', 'equal', status]);
    if (campaign) filters.push(['campaign_id', 'equal', campaign]);
    if (userId) filters.push(['user_id', 'equal', userId]);
    return api.rewards.list(listQuery({ page, perPage: PER_PAGE, order: 'created_at', dir: 'desc', filters }));
  }, [status, campaign, user, page]);
  // Filter by recipient a moment after the admin stops typing, as the users search does.
  useEffect(() => {
    const t = setTimeout(() => {
      if (userDraft.trim() === user) return;
      setUser(userDraft.trim());
      setPage(1);
      setSelected(new Set());
    }, 300);
    return () => clearTimeout(t);
  }, [userDraft]);
  const rows = rewards.data?.data ?? [];
  const filtered = !!(status || campaign || user);
  const refresh = () => {
    setSelected(new Set());
    rewards.reload();
  };
  const filter = (set: (v: string) => void) => (e: Event) => {
    set((e.currentTarget as HTMLInputElement).value);
    setPage(1);
    setSelected(new Set());
  };

  const one = (r: Partial<Reward>, a: Action) =>
    void action.submit(async () => {
      const id = r.id as string;
      const done = a === 'approve' ? await api.rewards.approve(id) : a === 'pay' ? await api.rewards.pay(id, payout.trim() || undefined) : await api.rewards.cancel(id, reason.trim() || undefined);
      refresh();
      return `${rewardValue(done)} for ${done.user_id} is ${done.status}.`;
    });
  const many = (a: Action) =>
    void action.submit(async () => {
      const result = await api.rewards.bulk({
        action: a,
        ids: [...selected],
        ...(a === 'pay' && payout.trim() ? { payout_reference: payout.trim() } : {}),
        ...(a === 'cancel' && reason.trim() ? { reason: reason.trim() } : {}),
      });
      setBulk(result);
      refresh();
    });
  const toggle = (id: string) =>
    setSelected((s) => {
      const next = new Set(s);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  const allOnPage = rows.length > 0 && rows.every((r) => selected.has(r.id as string));
  const meta = rewards.data?.meta;

  return (
    <section>
      <div class="page-head">
        <h1>Rewards</h1>
        <button type="button" class="primary" onClick={() => setIssuing((v) => !v)} aria-expanded={issuing}>
          Issue a reward
        </button>
      </div>
      {issuing && <RewardIssue userId={query.issue ?? query.user ?? ''} onIssued={refresh} />}
      <div class="toolbar" role="search" aria-label="Filter rewards">
        <select value={status} onChange={filter(setStatus)} aria-label="Status">
          <option value="">Any status</option>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
        <select value={campaign} onChange={filter(setCampaign)} aria-label="Campaign">
          <option value="">All campaigns</option>
          {campaigns.data?.data.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </select>
         <input type="search" value={userDraft} onInput={(e) => setUserDraft(e.currentTarget.value)} placeholder="Recipient: usr_… or external id" aria-label="Recipient" />
      </div>
      <div class="toolbar">
        <input value={payout} onInput={(e) => setPayout(e.currentTarget.value)} placeholder="Payout reference (optional)" aria-label="Payout reference" />
        <input value={reason} onInput={(e) => setReason(e.currentTarget.value)} placeholder="Cancel reason (optional)" aria-label="Cancel reason" />
      </div>
      {selected.size > 0 && (
        <div class="toolbar panel" role="group" aria-label="Selected rewards">
          <strong>{selected.size} selected</strong>
          <button type="button" onClick={() => many('approve')} disabled={action.busy}>
            Approve selected
          </button>
          <button type="button" onClick={() => many('pay')} disabled={action.busy}>
            Mark selected paid
          </button>
          <button type="button" class="danger" onClick={() => many('cancel')} disabled={action.busy}>
            Cancel selected
          </button>
        </div>
      )}
      {bulk && <BulkReport result={bulk} onDismiss={() => setBulk(null)} />}
      <Notice message={action.message} />
      {rewards.error && <Notice message={{ kind: 'error', text: rewards.error.message }} />}
      {rewards.data && rows.length === 0 ? (
        filtered ? (
          <EmptyState title="No rewards match">Change the filters above to see more.</EmptyState>
        ) : (
          <EmptyState title="No rewards yet">
            Rewards appear when a referral meets a campaign rule (<a href="/referrals/new">log one</a>), or issue one by hand with <em>Issue a reward</em>.
          </EmptyState>
        )
      ) : (
        <div class="table-wrap">
          <table aria-busy={rewards.loading}>
            <thead>
              <tr>
                <th>
                  <input type="checkbox" checked={allOnPage} aria-label="Select all on this page" onChange={() => setSelected(allOnPage ? new Set() : new Set(rows.map((r) => r.id as string)))} />
                </th>
                <th>Reward</th>
                <th>Status</th>
                <th class="hide-sm">Recipient</th>
                <th class="hide-sm">Campaign</th>
                <th class="hide-sm">Created</th>
                <th>
                  <span class="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id} data-reward-id={r.id}>
                  <td>
                    <input type="checkbox" checked={selected.has(r.id as string)} onChange={() => toggle(r.id as string)} aria-label={`Select ${rewardValue(r)} for ${r.user_id}`} />
                  </td>
                  <td>
                    {rewardValue(r)} <small class="muted hide-sm">{r.type}</small>
                    {r.note && <small class="hint"> — {r.note}</small>}
                  </td>
                  <td>
                    <span class={`status ${r.status}`}>{r.status}</span> <small class="muted">{reasonText(r.status_reason)}</small>
                    {r.payout_reference && <small class="muted"> ref {r.payout_reference}</small>}
                  </td>
                  <td class="hide-sm">
                    <a href={`/users/${r.user_id}`}>{r.user_id}</a> <small class="muted">{r.recipient}</small>
                  </td>
                  <td class="hide-sm">{names.get(r.campaign_id as string) ?? r.campaign_id}</td>
                  <td class="hide-sm">{date(r.created_at)}</td>
                  <td class="row-actions">
                    {can(r, 'approve') && (
                      <button type="button" onClick={() => one(r, 'approve')} disabled={action.busy}>
                        Approve
                      </button>
                    )}
                    {can(r, 'pay') && (
                      <button type="button" onClick={() => one(r, 'pay')} disabled={action.busy}>
                        Mark paid
                      </button>
                    )}
                    {can(r, 'cancel') && (
                      <button type="button" class="danger" onClick={() => one(r, 'cancel')} disabled={action.busy}>
                        Cancel
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager meta={meta} page={page} onPage={setPage} />
    </section>
  );
}
