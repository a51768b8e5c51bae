import type { ComponentChildren } from 'preact';
import type { PageMeta } from '../../lib/api/types';
import { EmptyState } from '../empty-state';
import { Pager } from '../pager';

export interface Column<T> {
  key: string;
  label: ComponentChildren;
  cell: (row: T) => ComponentChildren;
  /** Hidden at phone width. */
  hideSm?: boolean;
  sortable?: boolean;
  class?: string;
}

export interface Sort {
  field: string;
  dir: 'asc' | 'desc';
}

export interface DataTableProps<T> {
  columns: Column<T>[];
  /** Undefined until the first answer. */
  rows: T[] | undefined;
  rowKey: (row: T) => string;
  /** Extra attributes per row, such as `data-reward-id`. */
  rowAttrs?: (row: T) => Record<string, string>;
  loading?: boolean;
  /** What an empty list says. */
  empty: { title: string; body?: ComponentChildren };
  pages?: { meta: PageMeta | undefined; page: number; onPage: (page: number) => void };
  sort?: { order: Sort; onSort: (field: string) => void };
  class?: string;
  label?: string;
}

const ariaSort = (order: Sort | undefined, key: string) => (order?.field === key ? (order.dir === 'asc' ? 'ascending' : 'descending') : undefined);

/** Every list of the dashboard: the table, its sortable headers, the empty state and the pager. */
export function DataTable<T>(p: DataTableProps<T>) {
  if (p.rows?.length === 0) {
    return <EmptyState title={p.empty.title}>{p.empty.body}</EmptyState>;
  }
  const order = p.sort?.order;
  return (
    <>
      <div class="table-wrap">
        <table class={p.class} aria-busy={p.loading} aria-label={p.label}>
          <thead>
            <tr>
              {p.columns.map((c) => (
                <th key={c.key} class={c.hideSm ? 'hide-sm' : c.class} aria-sort={ariaSort(order, c.key)}>
                  {c.sortable && p.sort ? (
                    <button type="button" class="sort" onClick={() => p.sort?.onSort(c.key)}>
                      {c.label}
                      {order?.field === c.key ? (order.dir === 'asc' ? ' ▲' : ' ▼') : ''}
                    </button>
                  ) : (
                    c.label
                  )}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {p.rows?.map((row) => (
              <tr key={p.rowKey(row)} {...p.rowAttrs?.(row)}>
                {p.columns.map((c) => (
                  <td key={c.key} class={c.hideSm ? 'hide-sm' : c.class}>
                    {c.cell(row)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {p.pages && <Pager meta={p.pages.meta} page={p.pages.page} onPage={p.pages.onPage} />}
    </>
  );
}
