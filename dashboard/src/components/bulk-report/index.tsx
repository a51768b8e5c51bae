import type { BulkResult } from '../../lib/api/types';

const VERB = { approve: 'approved', pay: 'marked paid', cancel: 'cancelled' } as const;

/** Per-id outcome of a bulk action: how many moved, and each one that did not, with why. */
export function BulkReport({ result, onDismiss }: { result: BulkResult; onDismiss: () => void }) {
  const failed = result.results.filter((r) => !r.ok);
  return (
    <div class={`panel notice ${failed.length ? 'error' : 'ok'}`} role="status" data-testid="bulk-report">
      <strong>
        {result.summary.succeeded} of {result.summary.requested} {VERB[result.action]}
        {failed.length ? `; ${failed.length} unchanged` : ''}.
      </strong>
      {failed.length > 0 && (
        <ul>
          {failed.map((r) => (
            <li key={r.id}>
              <code>{r.id}</code>: {r.error?.detail ?? `not changed (${r.status ?? 'no such reward'})`}
            </li>
          ))}
        </ul>
      )}
      <button type="button" onClick={onDismiss}>
        Dismiss
      </button>
    </div>
  );
}
