import css from './stat-card.module.css';

/** One headline number with its label and an optional line under it. */
export function StatCard({ label, value, sub }: { label: string; value: string; sub?: string }) {
  return (
    <div class={css.card} data-stat={label}>
      <span class={css.label}>{label}</span>
      <strong class={css.value}>{value}</strong>
      {sub && <small>{sub}</small>}
    </div>
  );
}
