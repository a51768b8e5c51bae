import type { AuditEntry } from '../../lib/api/types';

type Snapshot = Record<string, unknown> | null | undefined;

const show = (value: unknown) => (value === undefined ? '—' : JSON.stringify(value, null, 1));

/** The fields an entry changed: each with its value before and after (a creation or deletion shows one side). */
export function changedFields(before: Snapshot, after: Snapshot): string[] {
  const keys = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])];
  return keys.filter((k) => JSON.stringify(before?.[k]) !== JSON.stringify(after?.[k]));
}

export function AuditDiff({ entry }: { entry: AuditEntry }) {
  const fields = changedFields(entry.before, entry.after);
  if (!fields.length) return <span class="muted">no field changed</span>;
  return (
    <details>
      <summary>
        {fields.length} field{fields.length === 1 ? '' : 's'}: {fields.slice(0, 3).join(', ')}
        {fields.length > 3 ? '…' : ''}
      </summary>
      <table class="diff">
        <thead>
          <tr>
            <th scope="col">Field</th>
            <th scope="col">Before</th>
            <th scope="col">After</th>
          </tr>
        </thead>
        <tbody>
          {fields.map((f) => (
            <tr key={f} data-field={f}>
              <th scope="row">
                <code>{f}</code>
              </th>
              <td>
                <pre class="json">{entry.before ? show(entry.before[f]) : '—'}</pre>
              </td>
              <td>
                <pre class="json">{entry.after ? show(entry.after[f]) : '—'}</pre>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}
