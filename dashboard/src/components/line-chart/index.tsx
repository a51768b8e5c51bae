import css from './line-chart.module.css';

export interface Series {
  label: string;
  color: string;
  values: number[];
}

const W = 640;
const H = 200;
const PAD = { l: 36, r: 8, t: 10, b: 22 };

/** A small multi-series line chart in plain SVG; a table follows for screen readers. */
export function LineChart({ days, series, title }: { days: string[]; series: Series[]; title: string }) {
  const max = Math.max(1, ...series.flatMap((s) => s.values));
  const x = (i: number) => PAD.l + (days.length <= 1 ? 0 : (i / (days.length - 1)) * (W - PAD.l - PAD.r));
  const y = (v: number) => H - PAD.b - (v / max) * (H - PAD.t - PAD.b);
  const ticks = [0, Math.round(max / 2), max];
  const labelEvery = Math.max(1, Math.ceil(days.length / 6));
  return (
    <figure class={css.chart}>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={title}>
        {ticks.map((t) => (
          <g key={t}>
            <line x1={PAD.l} x2={W - PAD.r} y1={y(t)} y2={y(t)} class={css.grid} />
            <text x={PAD.l - 4} y={y(t) + 4} text-anchor="end" class={css.tick}>
              {t}
            </text>
          </g>
        ))}
        {days.map((d, i) =>
          i % labelEvery === 0 ? (
            <text key={d} x={x(i)} y={H - 6} text-anchor="middle" class={css.tick}>
              {d.slice(5)}
            </text>
          ) : null,
        )}
        {series.map((s) => (
          <polyline key={s.label} fill="none" stroke={s.color} stroke-width="2" points={s.values.map((v, i) => `${x(i)},${y(v)}`).join(' ')} />
        ))}
      </svg>
      <figcaption class={css.legend}>
        {series.map((s) => (
          <span key={s.label}>
            <i style={{ background: s.color }} /> {s.label}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}
