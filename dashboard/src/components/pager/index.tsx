import type { PageMeta } from '../../lib/api/types';
import { num } from '../../lib/format';

/** First / Previous / "1–50 of 1,234" / Next / Last under a paginated table; nothing when the list is empty. */
export function Pager({ meta, page, onPage }: { meta: PageMeta | undefined; page: number; onPage: (page: number) => void }) {
  if (!meta || meta.total === 0) return null;
  const first = page <= 1;
  const last = page >= meta.last_page;
  return (
    <nav class="pager" aria-label="Pages">
      <button type="button" disabled={first} onClick={() => onPage(1)}>
        First
      </button>
      <button type="button" disabled={first} onClick={() => onPage(page - 1)}>
        Previous
      </button>
      <span>
        {num(meta.from ?? 0)}–{num(meta.to ?? 0)} of {num(meta.total)}
      </span>
      <button type="button" disabled={last} onClick={() => onPage(page + 1)}>
        Next
      </button>
      <button type="button" disabled={last} onClick={() => onPage(meta.last_page)}>
        Last
      </button>
    </nav>
  );
}
