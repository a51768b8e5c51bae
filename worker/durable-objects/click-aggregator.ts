import { DurableObject } from 'cloudflare:workers';
import { getDb } from '../db/client';
import { UNIQUE_WINDOW_MS, utcDay } from '../domain/visitor';
import type { Bindings } from '../env';
import { type DayTotal, writeDayTotals } from './click-projection';

/** How long counted clicks wait in the object before one D1 batch writes them. */
export const FLUSH_INTERVAL_MS = 5_000;
const RETRY_MS = 30_000;
/** (user, day) rows per D1 batch; more wait for the next alarm, set at once. */
const MAX_ROWS_PER_FLUSH = 160;
/** Days kept in the object once written; a click is never stamped earlier than this. */
const KEEP_DAYS = 2;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface Click {
  environmentId: string;
  campaignId: string;
  userId: string;
  /** Opaque visitor id (see domain/visitor.ts), or null when nothing identifies the visitor. */
  visitor: string | null;
  at: number;
}

/**
 * Counts share-link visits for one shard of a campaign's referrers (services/clicks.ts picks
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
 */
export class ClickAggregator extends DurableObject<Bindings> {
  #sql: SqlStorage;
  #alarmSet = false;
  #flushing: Promise<number> | null = null;

  constructor(ctx: DurableObjectState, env: Bindings) {
    super(ctx, env);
    this.#sql = ctx.storage.sql;
    this.#sql.exec(`
      CREATE TABLE IF NOT EXISTS days (user_id TEXT NOT NULL, day TEXT NOT NULL, environment_id TEXT NOT NULL, campaign_id TEXT NOT NULL,
        visits INTEGER NOT NULL, unique_visits INTEGER NOT NULL, version INTEGER NOT NULL, flushed_version INTEGER NOT NULL,
        PRIMARY KEY (user_id, day));
      CREATE TABLE IF NOT EXISTS seen (user_id TEXT NOT NULL, visitor TEXT NOT NULL, expires_at INTEGER NOT NULL, PRIMARY KEY (user_id, visitor));
    `);
  }

  /** Counts one visit; `unique` says whether it is the visitor's first in their window. */
  record(click: Click): { unique: boolean } {
    const now = Date.now();
    const at = click.at < now - KEEP_DAYS * DAY_MS ? now : click.at;
    const unique =
      click.visitor === null ||
      this.#sql
        .exec(
          `INSERT INTO seen (user_id, visitor, expires_at) VALUES (?, ?, ?)
           ON CONFLICT (user_id, visitor) DO UPDATE SET expires_at = excluded.expires_at WHERE seen.expires_at <= ?
           RETURNING 1`,
          click.userId,
          click.visitor,
          at + UNIQUE_WINDOW_MS,
          at,
        )
        .toArray().length > 0;
    this.#sql.exec(
      `INSERT INTO days (user_id, day, environment_id, campaign_id, visits, unique_visits, version, flushed_version) VALUES (?, ?, ?, ?, 1, ?, 1, 0)
       ON CONFLICT (user_id, day) DO UPDATE SET visits = visits + 1, unique_visits = unique_visits + excluded.unique_visits, version = version + 1`,
      click.userId,
      utcDay(at),
      click.environmentId,
      click.campaignId,
      unique ? 1 : 0,
    );
    this.#scheduleFlush(FLUSH_INTERVAL_MS);
    return { unique };
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
    this.#sql.exec('DELETE FROM days WHERE day < ? AND version = flushed_version', utcDay(now - KEEP_DAYS * DAY_MS));
  }

  #scheduleFlush(delayMs: number): void {
    if (this.#alarmSet) return;
    this.#alarmSet = true;
    void this.ctx.storage.setAlarm(Date.now() + delayMs);
  }
}
