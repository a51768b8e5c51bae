import type { Column } from '../../components/data-table';
import type { VoucherPool } from '../../lib/api/types';
import { money, num } from '../../lib/format';

/** The pools table: stock by state, rewards waiting for a code, and the upload toggle. */
export const poolColumns = (uploadTo: string | null, setUploadTo: (id: string | null) => void): Column<VoucherPool>[] => [
  {
    key: 'pool',
    label: 'Pool',
    cell: (p) => (
      <>
        {p.name} <small class="muted hide-sm">{p.id}</small>
      </>
    ),
  },
  {
    key: 'available',
    label: 'Available',
    cell: (p) => (
      <>
        {num(p.stock?.available ?? 0)}{' '}
        {p.low_stock && (
          <span class="status pending" title={`Fewer than ${p.low_stock_threshold} available`}>
            low stock
          </span>
        )}
      </>
    ),
  },
  { key: 'assigned', label: 'Assigned', hideSm: true, cell: (p) => num(p.stock?.assigned ?? 0) },
  { key: 'redeemed', label: 'Redeemed', hideSm: true, cell: (p) => num(p.stock?.redeemed ?? 0) },
  { key: 'waiting', label: 'Waiting rewards', cell: (p) => (p.stock?.waiting_rewards ? <a href="/rewards?status=pending">{num(p.stock.waiting_rewards)}</a> : 0) },
  { key: 'low', label: 'Low stock under', hideSm: true, cell: (p) => num(p.low_stock_threshold ?? 0) },
  { key: 'value', label: 'Value', hideSm: true, cell: (p) => (p.value == null ? '—' : money(p.value, p.currency)) },
  {
    key: 'actions',
    label: <span class="sr-only">Actions</span>,
    class: 'row-actions',
    cell: (p) => (
      <button type="button" onClick={() => setUploadTo(uploadTo === p.id ? null : p.id)} aria-expanded={uploadTo === p.id}>
        Upload codes
      </button>
    ),
  },
];
