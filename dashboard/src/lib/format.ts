/** Minor units → "$12.34" in the currency's own digits. */
export function money(amount: number | null | undefined, currency: string | null | undefined): string {
  if (amount == null) return '—';
  if (!currency) return String(amount);
  const digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  return new Intl.NumberFormat(undefined, { style: 'currency', currency }).format(amount / 10 ** digits);
}

/** "12.34" in the currency's major units → minor units, or null when not a number. */
export function toMinor(value: string, currency: string): number | null {
  const n = Number(value.replace(',', '.'));
  if (!value.trim() || !Number.isFinite(n)) return null;
  let digits = 2;
  try {
    digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    // An unknown currency: the API will name the field.
  }
  return Math.round(n * 10 ** digits);
}

export const date = (iso: string | null | undefined) => (iso ? new Date(iso).toLocaleString() : '—');
export const day = (d: Date) => d.toISOString().slice(0, 10);
export const pct = (part: number, whole: number) => (whole ? `${((part / whole) * 100).toFixed(1)}%` : '—');
export const num = (n: number) => n.toLocaleString();

/** Amounts per currency (minor units), largest first: "$1,200.00 · €40.00"; "0" when there are none. */
export const moneys = (m: Record<string, number>) =>
  Object.entries(m)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([currency, amount]) => money(amount, currency))
    .join(' · ') || '0';
