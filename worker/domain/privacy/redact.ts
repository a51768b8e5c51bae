/**
 * Erasure of one person from a stored copy (an event's payload, a receiver's answer): the
 * person's own objects lose their personal fields, and any other string that holds one of
 * their values (email, name, external id) has it cut out. Pure: the caller stores the result.
 */
export interface Person {
  id: string;
  /** Their email, name and external id as they were; empty ones are dropped. */
  values: string[];
}

export const ERASED = '[erased]';
/** Shorter values are removed only where they are a whole field: "Al" would cut through every text. */
const MIN_SUBSTRING = 3;

/** The values worth searching stored text for (lower case, as searches compare them). */
export function searchTerms(person: Person): string[] {
  return [...new Set(person.values.map((v) => v.trim().toLowerCase()).filter((v) => v.length >= MIN_SUBSTRING))];
}

function redactString(text: string, person: Person): string | null {
  const lower = text.trim().toLowerCase();
  if (person.values.some((v) => v.trim().toLowerCase() === lower)) return null;
  let out = text;
  for (const term of searchTerms(person)) {
    let at = out.toLowerCase().indexOf(term);
    while (at !== -1) {
      out = out.slice(0, at) + ERASED + out.slice(at + term.length);
      at = out.toLowerCase().indexOf(term, at + ERASED.length);
    }
  }
  return out;
}

export function redact(value: unknown, person: Person): unknown {
  if (typeof value === 'string') return redactString(value, person);
  if (Array.isArray(value)) return value.map((v) => redact(v, person));
  if (value === null || typeof value !== 'object') return value;
  const record = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(record)) out[k] = redact(v, person);
  if (record.object === 'user' && record.id === person.id) Object.assign(out, { external_id: null, email: null, name: null, metadata: {} });
  if (record.object === 'referral' && (record.referrer_id === person.id || record.referee_id === person.id)) out.metadata = {};
  return out;
}

/** Whether text still holds any of the person's values (what a redaction must leave none of). */
export function mentions(text: string, person: Person): boolean {
  const lower = text.toLowerCase();
  return searchTerms(person).some((t) => lower.includes(t));
}
