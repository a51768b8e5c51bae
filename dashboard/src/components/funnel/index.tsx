import { num, pct } from '../../lib/format';
import css from './funnel.module.css';

/** Each step as a bar relative to the first, with the conversion from the step before. */
export function Funnel({ steps }: { steps: [string, number][] }) {
  const first = Math.max(1, ...steps.map(([, n]) => n));
  return (
    <ol class={css.funnel} aria-label="Conversion funnel">
      {steps.map(([label, n], i) => (
        <li key={label}>
          <span>
            {label}: <strong>{num(n)}</strong>
            {i > 0 && <small> ({pct(n, steps[i - 1]?.[1] ?? 0)} of previous)</small>}
          </span>
          <span class={css.bar} style={{ width: `${Math.max(2, (n / first) * 100)}%` }} />
        </li>
      ))}
    </ol>
  );
}
