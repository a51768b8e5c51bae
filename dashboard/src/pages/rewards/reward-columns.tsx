import type { Column } from '../../components/data-table';
import type { Reward } from '../../lib/api/types';
import { date } from '../../lib/format';
import { reasonText, rewardValue } from '../../lib/reward-value';

export type Action = 'approve' | 'pay' | 'cancel';

export const can = (r: Reward, a: Action) =>
  a === 'approve' ? r.status === 'pending' && (r.type !== 'voucher' || !!r.voucher_code) : a === 'pay' ? r.status === 'approved' : r.status === 'pending' || r.status === 'approved';

const ACTIONS: [Action, string, string | undefined][] = [
  ['approve', 'Approve', undefined],
  ['pay', 'Mark paid', undefined],
  ['cancel', 'Cancel', 'danger'],
];

interface Options {
  selected: Set<string>;
  toggle: (id: string) => void;
  allOnPage: boolean;
  toggleAll: () => void;
  names: Map<string, string>;
  act: (r: Reward, a: Action) => void;
  busy: boolean;
}

/** The rewards table: a selection box, the reward, its status, recipient, campaign, and its actions. */
export const rewardColumns = (o: Options): Column<Reward>[] => [
  {
    key: 'select',
    label: <input type="checkbox" checked={o.allOnPage} aria-label="Select all on this page" onChange={o.toggleAll} />,
    cell: (r) => <input type="checkbox" checked={o.selected.has(r.id)} onChange={() => o.toggle(r.id)} aria-label={`Select ${rewardValue(r)} for ${r.user_id}`} />,
  },
  {
    key: 'reward',
    label: 'Reward',
    cell: (r) => (
      <>
        {rewardValue(r)} <small class="muted hide-sm">{r.type}</small>
        {r.note && <small class="hint"> — {r.note}</small>}
      </>
    ),
  },
  {
    key: 'status',
    label: 'Status',
    cell: (r) => (
      <>
        <span class={`status ${r.status}`}>{r.status}</span> <small class="muted">{reasonText(r.status_reason)}</small>
        {r.payout_reference && <small class="muted"> ref {r.payout_reference}</small>}
      </>
    ),
  },
  {
    key: 'recipient',
    label: 'Recipient',
    hideSm: true,
    cell: (r) => (
      <>
        <a href={`/users/${r.user_id}`}>{r.user_id}</a> <small class="muted">{r.recipient}</small>
      </>
    ),
  },
  { key: 'campaign', label: 'Campaign', hideSm: true, cell: (r) => o.names.get(r.campaign_id) ?? r.campaign_id },
  { key: 'created', label: 'Created', hideSm: true, cell: (r) => date(r.created_at) },
  {
    key: 'actions',
    label: <span class="sr-only">Actions</span>,
    class: 'row-actions',
    cell: (r) =>
      ACTIONS.filter(([a]) => can(r, a)).map(([a, label, cls]) => (
        <button key={a} type="button" class={cls} onClick={() => o.act(r, a)} disabled={o.busy}>
          {label}
        </button>
      )),
  },
];
