import type { EventResult } from './campaign-events';

/**
 * The campaign object's outbox to D1, with retries that never block the campaign's other work.
 *
 * Each recorded event gets an outbox row (`outbox(seq, dedupe_key)`, created by the object); this
 * keeps, beside it, how often its projection failed and when to try again
 * (`outbox_retry(seq PK, attempts, next_at, first_failed_at, last_error)`). A failing row waits
 * with exponential backoff (30 s, 1 min, 2 min … at most 1 h) while every other row, hold release
 * and budget sweep goes on. Rows are independent: a projection is idempotent (fixed ids, INSERT …
 * ON CONFLICT DO NOTHING, state-guarded updates), so order between rows does not matter.
 */

export const RETRY_BASE_MS = 30_000;
export const RETRY_MAX_MS = 3_600_000;
/** From this many failed attempts (or this age) the campaign reports its projections lagging. */
export const LAGGING_AFTER_ATTEMPTS = 3;
export const LAGGING_AFTER_MS = 5 * 60_000;

export interface ProjectionLag {
  /** Events decided by the campaign object and not yet in D1. */
  pending: number;
  /** When the oldest of them was decided (ISO), or null. */
  oldest_at: string | null;
  /** Of those, how many failed at least once. */
  failing: number;
  /** The latest failure's message, or null. */
  last_error: string | null;
}

export interface PendingRow {
  seq: number;
  dedupeKey: string;
  result: EventResult;
}

export const backoffMs = (attempts: number): number => Math.min(RETRY_BASE_MS * 2 ** Math.max(0, attempts - 1), RETRY_MAX_MS);

export class ProjectionOutbox {
  constructor(private readonly sql: SqlStorage) {
    sql.exec(`CREATE TABLE IF NOT EXISTS outbox_retry (seq INTEGER PRIMARY KEY, attempts INTEGER NOT NULL, next_at INTEGER NOT NULL, first_failed_at INTEGER NOT NULL, last_error TEXT)`);
  }

  /** Rows due now (never failed, or whose backoff has passed), oldest first. */
  due(now = Date.now()): PendingRow[] {
    return this.sql
      .exec<{ seq: number; dedupe_key: string; result: string }>(
        `SELECT o.seq, o.dedupe_key, e.result FROM outbox o JOIN events e ON e.dedupe_key = o.dedupe_key
         LEFT JOIN outbox_retry r ON r.seq = o.seq WHERE r.next_at IS NULL OR r.next_at <= ? ORDER BY o.seq`,
        now,
      )
      .toArray()
      .map((r) => ({ seq: r.seq, dedupeKey: r.dedupe_key, result: JSON.parse(r.result) as EventResult }));
  }

  /** The outbox row of an event still waiting for D1, if any. */
  seqOf(dedupeKey: string): number | null {
    return this.sql.exec<{ seq: number }>('SELECT seq FROM outbox WHERE dedupe_key = ? ORDER BY seq LIMIT 1', dedupeKey).toArray()[0]?.seq ?? null;
  }

  /** The outbox row still holding the event whose referral is `referralId` (a refunded sale), if any. */
  pendingReferral(referralId: string, exceptSeq: number): PendingRow | null {
    const rows = this.sql
      .exec<{ seq: number; dedupe_key: string; result: string }>('SELECT o.seq, o.dedupe_key, e.result FROM outbox o JOIN events e ON e.dedupe_key = o.dedupe_key WHERE o.seq <> ? ORDER BY o.seq', exceptSeq)
      .toArray();
    for (const r of rows) {
      const result = JSON.parse(r.result) as EventResult;
      if (result.referral.id === referralId) return { seq: r.seq, dedupeKey: r.dedupe_key, result };
    }
    return null;
  }

  /** Queues an event again (a re-projection that failed). */
  enqueue(dedupeKey: string): number {
    return this.sql.exec<{ seq: number }>('INSERT INTO outbox (dedupe_key) VALUES (?) RETURNING seq', dedupeKey).one().seq;
  }

  done(seq: number): void {
    this.doneMany([seq]);
  }

  /** Several rows at once: two statements, however many rows. */
  doneMany(seqs: readonly number[]): void {
    if (!seqs.length) return;
    const list = JSON.stringify(seqs);
    this.sql.exec('DELETE FROM outbox WHERE seq IN (SELECT value FROM json_each(?))', list);
    this.sql.exec('DELETE FROM outbox_retry WHERE seq IN (SELECT value FROM json_each(?))', list);
  }

  /** Notes a failed attempt; returns when to try again. */
  failed(seq: number, error: unknown, now = Date.now()): number {
    const message = String(error instanceof Error ? error.message : error).slice(0, 500);
    const row = this.sql.exec<{ attempts: number }>('SELECT attempts FROM outbox_retry WHERE seq = ?', seq).toArray()[0];
    const attempts = (row?.attempts ?? 0) + 1;
    const nextAt = now + backoffMs(attempts);
    this.sql.exec(
      `INSERT INTO outbox_retry (seq, attempts, next_at, first_failed_at, last_error) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (seq) DO UPDATE SET attempts = excluded.attempts, next_at = excluded.next_at, last_error = excluded.last_error`,
      seq,
      attempts,
      nextAt,
      now,
      message,
    );
    return nextAt;
  }

  /** When the alarm must next run for the outbox (Infinity when it is empty). */
  nextDueAt(now = Date.now()): number {
    const row = this.sql
      .exec<{ at: number | null }>('SELECT min(coalesce(r.next_at, ?)) AS at FROM outbox o LEFT JOIN outbox_retry r ON r.seq = o.seq', now + RETRY_BASE_MS)
      .one();
    return row.at === null ? Number.POSITIVE_INFINITY : row.at;
  }

  /** Reward ids of events still waiting for D1 (their hold cannot be released in D1 yet). */
  pendingRewardIds(): Set<string> {
    const ids = new Set<string>();
    const rows = this.sql.exec<{ result: string }>('SELECT e.result FROM outbox o JOIN events e ON e.dedupe_key = o.dedupe_key').toArray();
    for (const row of rows) for (const r of (JSON.parse(row.result) as EventResult).rewards) ids.add(r.id);
    return ids;
  }

  lag(): ProjectionLag {
    const row = this.sql
      .exec<{ pending: number; oldest: number | null; failing: number }>(
        `SELECT count(*) AS pending, min(e.created_at) AS oldest, count(r.seq) AS failing
         FROM outbox o JOIN events e ON e.dedupe_key = o.dedupe_key LEFT JOIN outbox_retry r ON r.seq = o.seq`,
      )
      .one();
    const last = this.sql.exec<{ last_error: string | null }>('SELECT last_error FROM outbox_retry ORDER BY next_at DESC LIMIT 1').toArray()[0];
    return { pending: row.pending, oldest_at: row.oldest === null ? null : new Date(row.oldest).toISOString(), failing: row.failing, last_error: last?.last_error ?? null };
  }

  /** True when the campaign's projections lag enough to tell its admins. */
  lagging(now = Date.now()): boolean {
    const row = this.sql
      .exec<{ attempts: number | null; oldest: number | null }>(
        'SELECT max(r.attempts) AS attempts, min(e.created_at) AS oldest FROM outbox o JOIN events e ON e.dedupe_key = o.dedupe_key LEFT JOIN outbox_retry r ON r.seq = o.seq',
      )
      .one();
    return (row.attempts ?? 0) >= LAGGING_AFTER_ATTEMPTS || (row.oldest !== null && now - row.oldest >= LAGGING_AFTER_MS);
  }
}
