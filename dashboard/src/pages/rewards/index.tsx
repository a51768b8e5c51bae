import { useEffect, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { BulkReport } from '../../components/bulk-report';
import { DataTable } from '../../components/data-table';
import { Notice } from '../../components/notice';
import { RewardIssue } from '../../components/reward-issue';
import { api, listQuery } from '../../lib/api/endpoints';
import type { BulkResult, Reward } from '../../lib/api/types';
import { rewardValue } from '../../lib/reward-value';
import { useAsync } from '../../lib/use-async';
import { useDebounced } from '../../lib/use-debounced';
import { useForm } from '../../lib/use-form';
import { usePage } from '../../lib/use-page';
import { type Action, rewardColumns } from './reward-columns';
import { RewardFilters } from './reward-filters';

const PER_PAGE = 50;

export function Rewards() {
  const { query } = useLocation();
  const [status, setStatus] = useState(query.status ?? '');
  const [campaign, setCampaign] = useState(query.campaign ?? '');
  const [userDraft, setUserDraft] = useState(query.user ?? '');
  const user = useDebounced(userDraft.trim(), 300);
  const filterKey = `${status}:${campaign}:${user}`;
  const [page, setPage] = usePage(filterKey);
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
    const userId = user ? (await api.users.get(user)).id : '';
    const filters: [string, string, string][] = [];
    if (status) filters.push(['status', 'equal', status]);
    if (campaign) filters.push(['campaign_id', 'equal', campaign]);
    if (userId) filters.push(['user_id', 'equal', userId]);
    return api.rewards.list(listQuery({ page, perPage: PER_PAGE, order: 'created_at', dir: 'desc', filters }));
  }, [filterKey, page]);
  useEffect(() => setSelected(new Set()), [filterKey, page]);
  const rows = rewards.data?.data ?? [];
  const refresh = () => {
    setSelected(new Set());
    rewards.reload();
  };

  const act = (r: Reward, a: Action) =>
    void action.submit(async () => {
      const done = a === 'approve' ? await api.rewards.approve(r.id) : a === 'pay' ? await api.rewards.pay(r.id, payout.trim() || undefined) : await api.rewards.cancel(r.id, reason.trim() || undefined);
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
  const allOnPage = rows.length > 0 && rows.every((r) => selected.has(r.id));
  const columns = rewardColumns({ selected, toggle, allOnPage, toggleAll: () => setSelected(allOnPage ? new Set() : new Set(rows.map((r) => r.id))), names, act, busy: action.busy });

  return (
    <section>
      <div class="page-head">
        <h1>Rewards</h1>
        <button type="button" class="primary" onClick={() => setIssuing((v) => !v)} aria-expanded={issuing}>
          Issue a reward
        </button>
      </div>
      {issuing && <RewardIssue userId={query.issue ?? query.user ?? ''} onIssued={refresh} />}
      <RewardFilters
        status={status}
        onStatus={setStatus}
        campaign={campaign}
        onCampaign={setCampaign}
        campaigns={campaigns.data?.data ?? []}
        user={userDraft}
        onUser={setUserDraft}
      />
      <div class="toolbar">
        <input value={payout} onInput={(e) => setPayout(e.currentTarget.value)} placeholder="Payout reference (optional)" aria-label="Payout reference" />
        <input value={reason} onInput={(e) => setReason(e.currentTarget.value)} placeholder="Cancel reason (optional)" aria-label="Cancel reason" />
      </div>
      {selected.size > 0 && (
        <fieldset class="toolbar panel" aria-label="Selected rewards">
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
        </fieldset>
      )}
      {bulk && <BulkReport result={bulk} onDismiss={() => setBulk(null)} />}
      <Notice message={action.message} />
      {rewards.error && <Notice message={{ kind: 'error', text: rewards.error.message }} />}
      <DataTable
        columns={columns}
        rows={rewards.data?.data}
        rowKey={(r) => r.id}
        rowAttrs={(r) => ({ 'data-reward-id': r.id })}
        loading={rewards.loading}
        pages={{ meta: rewards.data?.meta, page, onPage: setPage }}
        empty={
          status || campaign || user
            ? { title: 'No rewards match', body: 'Change the filters above to see more.' }
            : {
                title: 'No rewards yet',
                body: (
                  <>
                    Rewards appear when a referral meets a campaign rule (<a href="/referrals/new">log one</a>), or issue one by hand with <em>Issue a reward</em>.
                  </>
                ),
              }
        }
      />
    </section>
  );
}
