/** The API names nested fields by path (`rules.0.recipients.referrer.amount`); pick one subtree's errors. */
export function under(errors: Record<string, string>, prefix: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(errors)) {
    if (k === prefix) out[''] = v;
    else if (k.startsWith(`${prefix}.`)) out[k.slice(prefix.length + 1)] = v;
  }
  return out;
}

/** A number input's text → number, or undefined when empty (so the field is left out). */
export const optNum = (v: string) => (v.trim() === '' ? undefined : Number(v));
export const str = (n: number | undefined | null) => (n === undefined || n === null ? '' : String(n));
