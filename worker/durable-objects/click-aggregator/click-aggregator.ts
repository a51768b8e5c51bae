import { DurableObject } from 'cloudflare:workers';
import { getDb } from '../../db/client';
import { UNIQUE_WINDOW_MS, utcDay } from '../../domain/visitor';
import { type DayTotal, writeDayTotals } from './click-projection';

/** How long counted clicks wait in the object before one D1 batch writes them. */
export const FLUSH_INTERVAL_MS = 5_000;
const RETRY_MS = 30_000;
/** (user, day) rows per D1 batch; more wait for the next alarm, set at once. */
const MAX_ROWS_PER_FLUSH = 160;
/** Days kept in the object once written; a click is never stamped earlier than this. */
const KEEP_DAYS = 2;
const DAY_MS = 24 * 60 * 60 * 1000;
const BATCH_ID_TTL_MS = 60 * 60 * 1000;

export interface Click {
  environmentId: string;
  campaignId: string;
  userId: string;
  /** Opaque visitor id (see domain/visitor.ts), or null when nothing identifies the visitor. */
  visitor: string | null;
  at: number;
  /** In a batch: this visitor's clicks on this referrer's link since the batch opened (default 1); `at` is the first. */
  clicks?: number;
}

/**
 * Counts share-link visits for one shard of a campaign's referrers (services/share-links/clicks.ts picks
 * the shard from the user id, so a referrer's clicks always land in the same object). Each
 * click is one synchronous write to the object's SQLite; an alarm writes the totals to D1 in
 * one batch. The object holds each (user, day)'s full total, and D1 gets that total, never a
 * delta: writing it twice changes nothing, so a retried or repeated flush cannot double-count.
 *
 * Storage (SQLite inside the object):
 *   days(user_id, day PK, environment_id, campaign_id, visits, unique_visits, version, flushed_version)
 *     running totals; a row is dirty while version > flushed_version; pruned after KEEP_DAYS
 *   seen(user_id, visitor PK, expires_at)
 *     visitors already counted as unique for a referrer, until their window ends
 *   batches(id PK, received_at)
 *     batch ids already counted (recordBatch), kept BATCH_ID_TTL_MS so a retry counts once
 */
const visitorKey = (userId: string, visitor: string | null) => `${userId} ${visitor}`;

/** The bindings this object uses (a slice of worker/env.ts's Bindings, named here so env.ts can name this class). */
interface ClickAggregatorEnv {
  DB: D1Database;
}

export class ClickAggregator extends DurableObject<ClickAggregatorEnv> {
  #sql: SqlStorage;
  #alarmSet = false;
  #flushing: Promise<number> | null = null;

  constructor(ctx: DurableObjectState, env: ClickAggregatorEnv) {
    super(ctx, env);
    this.#sql = ctx.storage.sql;
    this.#sql.exec(`
      CREATE TABLE IF NOT EXISTS days (user_id TEXT NOT NULL, day TEXT NOT NULL, environment_id TEXT NOT NULL, campaign_id TEXT NOT NULL,
        visits INTEGER NOT NULL, unique_visits INTEGER NOT NULL, version INTEGER NOT NULL, flushed_version INTEGER NOT NULL,
        PRIMARY KEY (user_id, day));
      CREATE TABLE IF NOT EXISTS seen (user_id TEXT NOT NULL, visitor TEXT NOT NULL, expires_at INTEGER NOT NULL, PRIMARY KEY (user_id, visitor));
      CREATE TABLE IF NOT EXISTS batches (id TEXT PRIMARY KEY, received_at INTEGER NOT NULL);
    `);
  }

  /** Counts one visit; `unique` says whether it is the visitor's first in their window. */
  record(click: Click): { unique: boolean } {
    const at = this.#stamp(click, Date.now());
    const unique = click.visitor === null || this.#claimVisitor(click.userId, click.visitor, at);
    this.#addToDay(click, utcDay(at), 1, unique ? 1 : 0);
    this.#scheduleFlush(FLUSH_INTERVAL_MS);
    return { unique };
  }

  /**
   * Counts a batch of visits in one storage commit (no await between the writes): one `seen`
   * statement for all the batch's visitors (json_each over one bound parameter: the object
   * allows 100 parameters per statement, a batch holds up to 500 visitors) and one `days`
   * statement per referrer and day. A batch id seen before is ignored, so a sender may retry.
   */
  recordBatch(batchId: string, clicks: Click[]): void {
    const now = Date.now();
    const fresh = this.#sql.exec('INSERT INTO batches (id, received_at) VALUES (?, ?) ON CONFLICT DO NOTHING RETURNING 1', batchId, now).toArray().length > 0;
    if (!fresh) return;
    const stamped = clicks.map((click) => ({ click, at: this.#stamp(click, now) }));
    // A batch spans a second, far less than the unique window: a visitor's later entries in it repeat the first.
    const firstSeen = new Map<string, { userId: string; visitor: string; at: number }>();
    for (const { click, at } of stamped) {
      const key = visitorKey(click.userId, click.visitor);
      if (click.visitor !== null && !firstSeen.has(key)) firstSeen.set(key, { userId: click.userId, visitor: click.visitor, at });
    }
    const claimed = this.#claimVisitors([...firstSeen.values()]);
    const days = new Map<string, { click: Click; day: string; visits: number; unique: number }>();
    for (const { click, at } of stamped) {
      const n = click.clicks ?? 1;
      const day = utcDay(at);
      const total = days.get(`${click.userId} ${day}`) ?? { click, day, visits: 0, unique: 0 };
      total.visits += n;
      if (click.visitor === null) {
        // Nothing identifies an anonymous visitor: each of their clicks is unique.
        total.unique += n;
      } else if (claimed.delete(visitorKey(click.userId, click.visitor))) {
        total.unique += 1;
      }
      days.set(`${click.userId} ${day}`, total);
    }
    for (const { click, day, visits, unique } of days.values()) this.#addToDay(click, day, visits, unique);
    this.#scheduleFlush(FLUSH_INTERVAL_MS);
  }

  /** Claims many visitors in one statement; returns the keys (visitorKey) of those counted as unique now. */
  #claimVisitors(visitors: { userId: string; visitor: string; at: number }[]): Set<string> {
    if (visitors.length === 0) return new Set();
    const rows = this.#sql
      .exec<{ userId: string; visitor: string }>(
        `INSERT INTO seen (user_id, visitor, expires_at)
         SELECT value ->> '$[0]', value ->> '$[1]', value ->> '$[2]' FROM json_each(?) WHERE true
         ON CONFLICT (user_id, visitor) DO UPDATE SET expires_at = excluded.expires_at WHERE seen.expires_at <= excluded.expires_at - ?
         RETURNING user_id AS userId, visitor`,
        JSON.stringify(visitors.map((v) => [v.userId, v.visitor, v.at + UNIQUE_WINDOW_MS])),
        UNIQUE_WINDOW_MS,
      )
      .toArray();
    return new Set(rows.map((r) => visitorKey(r.userId, r.visitor)));
  }

  /** The click's time, unless it is older than the days kept here (then now: never reopen a pruned day). */
  #stamp(click: Click, now: number): number {
    return click.at < now - KEEP_DAYS * DAY_MS ? now : click.at;
  }

  /** True when the visitor is not already counted as unique for this referrer at `at`. */
  #claimVisitor(userId: string, visitor: string, at: number): boolean {
    const claimed = this.#sql.exec(
      `INSERT INTO seen (user_id, visitor, expires_at) VALUES (?, ?, ?)
       ON CONFLICT (user_id, visitor) DO UPDATE SET expires_at = excluded.expires_at WHERE seen.expires_at <= ?
       RETURNING 1`,
      userId,
      visitor,
      at + UNIQUE_WINDOW_MS,
      at,
    );
    return claimed.toArray().length > 0;
  }

  #addToDay(click: Click, day: string, visits: number, unique: number): void {
    this.#sql.exec(
      `INSERT INTO days (user_id, day, environment_id, campaign_id, visits, unique_visits, version, flushed_version) VALUES (?, ?, ?, ?, ?, ?, 1, 0)
       ON CONFLICT (user_id, day) DO UPDATE SET visits = visits + excluded.visits, unique_visits = unique_visits + excluded.unique_visits, version = version + 1`,
      click.userId,
      day,
      click.environmentId,
      click.campaignId,
      visits,
      unique,
    );
  }

  /** Writes every counted visit to D1 now (the alarm does this on its own); returns the rows written. */
  async flush(): Promise<number> {
    // One flush at a time: an older total must never land in D1 after a newer one.
    while (this.#flushing) await this.#flushing.catch(() => undefined);
    const run = this.#flushAll();
    this.#flushing = run;
    try {
      return await run;
    } finally {
      this.#flushing = null;
    }
  }

  override async alarm(): Promise<void> {
    this.#alarmSet = false;
    try {
      await this.flush();
    } catch (err) {
      console.error(JSON.stringify({ level: 'error', message: 'click flush failed; retrying', error: String(err) }));
      this.#scheduleFlush(RETRY_MS);
    }
  }

  async #flushAll(): Promise<number> {
    let written = 0;
    for (;;) {
      const dirty = this.#sql
        .exec<DayTotal & { version: number }>(
          `SELECT user_id AS userId, day, environment_id AS environmentId, campaign_id AS campaignId, visits, unique_visits AS uniqueVisits, version
           FROM days WHERE version > flushed_version ORDER BY user_id, day LIMIT ?`,
          MAX_ROWS_PER_FLUSH,
        )
        .toArray();
      if (dirty.length === 0) break;
      // The input gate opens during this await: clicks that arrive meanwhile raise `version`,
      // so their rows stay dirty for the next round.
      await writeDayTotals(getDb(this.env), dirty);
      for (const row of dirty) {
        this.#sql.exec('UPDATE days SET flushed_version = MAX(flushed_version, ?) WHERE user_id = ? AND day = ?', row.version, row.userId, row.day);
      }
      written += dirty.length;
      // A short batch means everything dirty at the start is written; rows dirtied since wait for the next alarm.
      if (dirty.length < MAX_ROWS_PER_FLUSH) break;
    }
    this.#prune();
    return written;
  }

  #prune(): void {
    const now = Date.now();
    this.#sql.exec('DELETE FROM seen WHERE expires_at <= ?', now);
    this.#sql.exec('DELETE FROM batches WHERE received_at <= ?', now - BATCH_ID_TTL_MS);
    this.#sql.exec('DELETE FROM days WHERE day < ? AND version = flushed_version', utcDay(now - KEEP_DAYS * DAY_MS));
  }

  #scheduleFlush(delayMs: number): void {
    if (this.#alarmSet) return;
    this.#alarmSet = true;
    void this.ctx.storage.setAlarm(Date.now() + delayMs);
  }
}
