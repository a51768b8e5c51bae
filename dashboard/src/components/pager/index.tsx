import type { PageMeta } from '../../lib/api/types';
import { num } from '../../lib/format';

/** Previous / "1–50 of 1,234" / Next under a paginated table; nothing when the list is empty. */
export function Pager({ meta, page, onPage }: { meta: PageMeta | undefined; page: number; onPage: (page: number) => void }) {
  if (!meta || meta.total === 0) return null;
  return (
    <nav class="pager" aria-label="Pages">
      <button type="button" disabled={page <= 1} onClick={() => onPage(page - 1)}>
        Previous
      </button>
      <span>
        {meta.from}–{meta.to} of {num(meta.total)}
      </span>
      <button type="button" disabled={page >= meta.last_page} onClick={() => onPage(page + 1)}>
        Next
      </button>
    </nav>
  );
}
