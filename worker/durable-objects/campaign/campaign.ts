import { DurableObject } from 'cloudflare:workers';
import { getDb } from '../../db/client';
import { composeCode, randomSuffix } from '../../domain/codes';
import { type BudgetSpent, evaluate, type RuleCounters } from '../../domain/rules/evaluate';
import type { Rule } from '../../domain/rules/schema';
import type { WebhookMessage } from '../../outbox/messages';
import { type EventInput, type EventResult, referralRow, rewardRow } from './campaign-events';
import { type BudgetRelease, markBudgetReleased, owedReleases } from '../../ledger/budget-releases';
import { releaseHolds } from '../../ledger/reward-transitions';
import { publishEvents } from '../../outbox/events';
import { burstable, project, projectBurst } from './outbox';
import { type ProjectionLag, ProjectionOutbox } from './projection-outbox';
import { reportProjectionLag } from './projection-lag';

const ATTEMPTS_PER_LENGTH = 8;
const MAX_SUFFIX_LENGTH = 24;
const PROJECTION_RETRY_MS = 30_000;
/** Owed budget releases the alarm's sweep takes per run (it wakes again soon while more remain). */
const SWEEP_LIMIT = 500;
/** Events projected to D1 together at most (about five statements each). */
const BURST_MAX = 64;
/**
 * How long a settled outbox row waits for a turn to be deleted with, at most. Long enough that under
 * load the deletes ride on the turns' commits: a delete of its own is a commit of its own, and
 * everything the object sends meanwhile (answers, D1 batches) waits for it (at 50 ms, that cost a
 * sixth of the object's events/s in bench:latency).
 */
const SETTLE_MS = 1000;
/**
 * Turn sizes. Groups of callers take turns: some groups' decisions are made while others' bursts are
 * on their way to D1. While fewer than OVERLAP_MAX bursts are in flight, a turn takes up to
 * TURN_SMALL events and starts at once when that many wait: small groups overlap more. Past that
 * the object is busy, and a turn takes up to TURN_MAX, so a heavy load makes fewer, larger D1
 * batches (each batch and each commit also costs a fixed part). Measured in bench:latency at 50 ms
 * per trip on this machine: turns of 16 alone beat 32 with 64 callers (~+8%) but lost a third with
 * 128; this way keeps both.
 */
const TURN_SMALL = 16;
const TURN_MAX = 32;
const OVERLAP_MAX = 4;
/** meta rows every event reads and only #setMeta writes: remembered in memory (#metaSeen). */
const REMEMBERED_META = new Set(['campaign_id', 'rules_version']);
/**
 * Event ids wait this long to be published together: one queue operation for every burst of the
 * window, not one per burst (each costs a queue operation, and a queue takes at most 5,000 messages
 * a second). Publishing is a hint: ids lost with the object are dispatched by the minute sweep.
 */
const PUBLISH_MS = 200;
/** Published at once when this many ids wait (ten messages of 100). */
const PUBLISH_MAX_IDS = 1000;

/**
 * One object per campaign: it serializes everything that must not race inside a campaign.
 * Every decision runs synchronously against the object's own SQLite storage, with no
 * outside I/O in between, so the input gate keeps calls from interleaving: two mints never
 * return the same code and one event never yields two rewards. Results reach D1 afterwards
 * through an outbox (projection), retried by the alarm until D1 has them.
 *
 * Storage (SQLite inside the object):
 *   codes(code PK, created_at)                         every code minted or claimed here
 *   events(dedupe_key PK, result JSON, created_at)     each event's outcome, replayed for duplicates
 *   counters(rule_id, referrer_id, qualifying, rewarded) per-referrer milestone and cap counters
 *   referee_sales(referee_id PK, sales)                for first-purchase conditions
 *   meta(key PK, value)                                rules_version, rules, campaign_id; budget_spent only in
 *                                                      objects from before budgets per currency, until #foldLegacySpent
 *   budget_spent(currency PK, amount)                  what the rules charged to each budget line, minus what came back
 *   outbox(seq PK, dedupe_key)                         events not yet written to D1
 *   released_rewards(reward_id PK, amount)             cancelled rewards whose charge went back to the budget
 *   holds(reward_id PK, hold_until)                    held rewards the alarm releases when their hold passes
 */
/** The bindings this object uses (a slice of worker/env.ts's Bindings, named here so env.ts can name this class). */
interface CampaignEnv {
  DB: D1Database;
  WEBHOOK_QUEUE: Queue<WebhookMessage>;
}

type Recorded = EventResult & { duplicate: boolean };

interface Arrival {
  input: EventInput;
  resolve: (recorded: Recorded) => void;
  reject: (err: unknown) => void;
}

export class CampaignObject extends DurableObject<CampaignEnv> {
  #sql: SqlStorage;
  /** Outbox rows a request is writing to D1 right now; the alarm leaves them alone. */
  #projecting = new Set<number>();
  #outbox: ProjectionOutbox;
  /** Events waiting for the next decision turn (#decideArrivals). */
  #arrivals: Arrival[] = [];
  /** Outbox rows D1 has taken, deleted by the next #deleteSettled (still in #projecting until then). */
  #settled = new Set<number>();
  /** Burst projections in flight. */
  #bursts = new Set<Promise<boolean>>();
  /** The stored rules, parsed (#currentRules). */
  #parsedRules: { version: number; rules: Rule[] } | undefined;
  /** The alarm as this object last read or set it (undefined: not read since it started). */
  #alarmAt: number | null | undefined;
  /**
   * The REMEMBERED_META values as last read or written here (this object is their only writer), so
   * an event does not read them again; forgotten when an event's writes roll back.
   */
  #metaSeen = new Map<string, string | undefined>();
  /** Event ids D1 holds, waiting for #flushPublish. */
  #unpublished: string[] = [];

  constructor(ctx: DurableObjectState, env: CampaignEnv) {
    super(ctx, env);
    this.#sql = ctx.storage.sql;
    this.#sql.exec(`
      CREATE TABLE IF NOT EXISTS codes (code TEXT PRIMARY KEY, created_at INTEGER NOT NULL);
      CREATE TABLE IF NOT EXISTS events (dedupe_key TEXT PRIMARY KEY, result TEXT NOT NULL, created_at INTEGER NOT NULL);
      CREATE TABLE IF NOT EXISTS counters (rule_id TEXT NOT NULL, referrer_id TEXT NOT NULL, qualifying INTEGER NOT NULL, rewarded INTEGER NOT NULL, PRIMARY KEY (rule_id, referrer_id));
      CREATE TABLE IF NOT EXISTS referee_sales (referee_id TEXT PRIMARY KEY, sales INTEGER NOT NULL);
      CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS outbox (seq INTEGER PRIMARY KEY AUTOINCREMENT, dedupe_key TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS released_rewards (reward_id TEXT PRIMARY KEY, amount INTEGER NOT NULL);
      CREATE TABLE IF NOT EXISTS holds (reward_id TEXT PRIMARY KEY, hold_until TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS budget_spent (currency TEXT PRIMARY KEY, amount INTEGER NOT NULL);
      CREATE TABLE IF NOT EXISTS refunds (sale_key TEXT PRIMARY KEY, refunded INTEGER NOT NULL, full INTEGER NOT NULL);
    `);
    this.#outbox = new ProjectionOutbox(this.#sql);
  }

  /** A fresh random code with this prefix; lengthens the suffix if the space is crowded. */
  mint(prefix: string | null, suffixLength: number): string {
    for (let length = suffixLength; length <= MAX_SUFFIX_LENGTH; length++) {
      for (let attempt = 0; attempt < ATTEMPTS_PER_LENGTH; attempt++) {
        const code = composeCode(prefix, randomSuffix(length));
        if (this.#insertCode(code)) return code;
      }
    }
    throw new Error(`No free code for prefix ${prefix} up to ${MAX_SUFFIX_LENGTH} characters.`);
  }

  /** One code per prefix, in order: a bulk import mints a whole chunk in one call (one storage commit). */
  mintMany(prefixes: (string | null)[], suffixLength: number): string[] {
    return prefixes.map((prefix) => this.mint(prefix, suffixLength));
  }

  /** Reserves a caller-chosen code; false when this campaign already has it. */
  claim(code: string): boolean {
    return this.#insertCode(code);
  }

  /** Returns a reserved code that was never attached to a user (its insert lost a race). */
  release(code: string): void {
    this.#sql.exec('DELETE FROM codes WHERE code = ?', code);
  }

  /**
   * Evaluates one event exactly once; a repeat of the same dedupe key returns the first result
   * with `duplicate: true`. The call joins the next decision turn (#decideArrivals): the events
   * that arrived meanwhile (up to TURN_SMALL or TURN_MAX, see there) are decided there, one after
   * another, synchronously, so they commit to the object's storage together, then go to D1
   * together. The caller's answer comes once D1 holds its event (or its failure is in the outbox
   * for the alarm).
   */
  record(input: EventInput): Promise<Recorded> {
    return new Promise<Recorded>((resolve, reject) => {
      const waiting = this.#arrivals.push({ input, resolve, reject });
      if (waiting === 1) setTimeout(() => void this.#decideArrivals(), 0);
      // A full small turn need not wait for the timer (it then finds whatever arrived since, or nothing).
      else if (waiting === TURN_SMALL && this.#bursts.size < OVERLAP_MAX) queueMicrotask(() => void this.#decideArrivals());
    });
  }

  /**
   * One decision turn. Each event is decided in its own nested transaction (its writes all or
   * none), all of them in one synchronous stretch with no I/O in between: no other call can
   * interleave, and the turn's writes reach storage as ONE commit instead of one per event
   * (that commit, not the rules, was most of what an event cost the object).
   */
  async #decideArrivals(): Promise<void> {
    const arrivals = this.#arrivals.splice(0, this.#bursts.size < OVERLAP_MAX ? TURN_SMALL : TURN_MAX);
    if (!arrivals.length) return;
    this.#deleteSettled();
    if (this.#arrivals.length) setTimeout(() => void this.#decideArrivals(), 0);
    const fresh: { arrival: Arrival; seq: number; result: EventResult }[] = [];
    const repeats: { arrival: Arrival; result: EventResult }[] = [];
    for (const arrival of arrivals) {
      try {
        const kept = this.ctx.storage.transactionSync(() => this.#keep(arrival.input));
        if (kept.seq === null) repeats.push({ arrival, result: kept.result });
        else fresh.push({ arrival, seq: kept.seq, result: kept.result });
      } catch (err) {
        // Its writes rolled back: what was remembered of them may be gone too.
        this.#metaSeen.clear();
        arrival.reject(err);
      }
    }
    if (fresh.length) {
      try {
        await this.#wakeWithin(PROJECTION_RETRY_MS);
      } catch (err) {
        // Decided and kept; without the alarm only a re-send or the next event's turn projects them.
        for (const f of fresh) f.arrival.reject(err);
        fresh.length = 0;
      }
    }
    // The decisions are kept here; if D1 does not take them now, the alarm retries with backoff
    // (the callers still get their decisions: they reach the ledger).
    const plain = fresh.filter((f) => burstable(f.result));
    for (let i = 0; i < plain.length; i += BURST_MAX) void this.#projectBurst(plain.slice(i, i + BURST_MAX));
    for (const { arrival, result } of repeats) {
      // Re-sent: make sure D1 holds it (after a restore from backup it may not). Idempotent.
      this.#reproject(arrival.input.dedupeKey, result).then(
        () => arrival.resolve({ ...result, duplicate: true }),
        (err: unknown) => arrival.reject(err),
      );
    }
    // Clawbacks and voucher draws go one by one, in order, after the bursts in flight: a refund
    // decided right after its sale finds the sale in D1.
    const ordered = fresh.filter((f) => !burstable(f.result));
    if (ordered.length) {
      await Promise.all([...this.#bursts]);
      for (const { arrival, seq, result } of ordered) {
        try {
          await this.#projectSafely(seq, result);
          arrival.resolve({ ...result, duplicate: false });
        } catch (err) {
          arrival.reject(err);
        }
      }
    }
  }

  /** Decides one event, or finds its first decision; seq is its outbox row (null for a repeat). */
  #keep(input: EventInput): { seq: number | null; result: EventResult } {
    const seen = this.#sql.exec<{ result: string }>('SELECT result FROM events WHERE dedupe_key = ?', input.dedupeKey).toArray()[0];
    if (seen) return { seq: null, result: JSON.parse(seen.result) as EventResult };
    this.#rememberCampaign(input.campaignId);
    const result = this.#decide(input);
    this.#sql.exec('INSERT INTO events (dedupe_key, result, created_at) VALUES (?, ?, ?)', input.dedupeKey, JSON.stringify(result), Date.now());
    for (const r of result.rewards) {
      if (r.holdUntil && r.statusReason === 'on_hold') this.#sql.exec('INSERT OR IGNORE INTO holds (reward_id, hold_until) VALUES (?, ?)', r.id, r.holdUntil);
    }
    const seq = this.#outbox.enqueue(input.dedupeKey);
    return { seq, result };
  }

  /**
   * Erasure (GDPR art. 17): the referral metadata of every event this object decided for the
   * person (as referrer or referee) is emptied. Ids, amounts and counters stay, so totals,
   * caps and budgets are unchanged. Returns how many events it changed.
   */
  eraseUser(userId: string): number {
    return this.#sql.exec(
      `UPDATE events SET result = json_set(result, '$.referral.metadata', json('{}'))
       WHERE (json_extract(result, '$.referral.referrerId') = ?1 OR json_extract(result, '$.referral.refereeId') = ?1)
         AND json_extract(result, '$.referral.metadata') <> '{}'`,
      userId,
    ).rowsWritten;
  }

  /**
   * Retention: forgets decisions older than `before` (epoch ms) that nothing can ask for again:
   * events with a random dedupe key (`<type>:event:<id>`, never re-sent) already in D1. Keys a
   * client can repeat (an order, a referee's signup) stay: they are what keeps a late duplicate
   * from being rewarded twice, and a refund needs its sale. At most `limit` per call.
   */
  pruneHistory(before: number, limit: number): number {
    return this.#sql.exec(
      `DELETE FROM events WHERE dedupe_key IN (
         SELECT dedupe_key FROM events
         WHERE created_at < ? AND substr(dedupe_key, instr(dedupe_key, ':') + 1, 6) = 'event:'
           AND dedupe_key NOT IN (SELECT dedupe_key FROM outbox)
         ORDER BY created_at LIMIT ?)`,
      before,
      limit,
    ).rowsWritten;
  }

  /** Events decided here and not yet in D1 (shown on the campaign resource). */
  projectionLag(): ProjectionLag {
    this.#deleteSettled();
    return this.#outbox.lag();
  }

  /** A recorded event again: projected once more, idempotently; a failure goes to the outbox. */
  async #reproject(dedupeKey: string, result: EventResult): Promise<void> {
    const queued = this.#outbox.seqOf(dedupeKey);
    if (queued !== null) {
      if (!this.#projecting.has(queued)) await this.#projectSafely(queued, result);
      return;
    }
    try {
      const { cancelled } = await project(getDb(this.env), result);
      this.#release(cancelled);
      if (cancelled.length) await this.#markReleased(cancelled);
    } catch (err) {
      console.error('re-projection failed; queued for the alarm', err);
      this.#outbox.enqueue(dedupeKey);
      await this.#wakeWithin(PROJECTION_RETRY_MS);
    }
  }

  /**
   * One D1 batch for several plain events (one round trip for all of them, not one each); bursts
   * of different turns run side by side. Each caller returns once D1 holds its event, or once its
   * failure is noted in the outbox for the alarm (as #projectSafely). Exactly once holds: an outbox
   * row is deleted only after the batch that wrote its event committed, and every insert ignores
   * rows that exist.
   */
  #projectBurst(burst: { arrival: Arrival; seq: number; result: EventResult }[]): Promise<void> {
    const run = (async () => {
      for (const b of burst) this.#projecting.add(b.seq);
      let ok = true;
      try {
        const eventIds = await projectBurst(getDb(this.env), burst.map((b) => b.result));
        this.#settle(burst.map((b) => b.seq));
        this.#publish(eventIds);
      } catch (err) {
        ok = false;
        console.error(`burst projection of ${burst.length} outbox rows failed; retrying with backoff`, err);
        let at = Number.POSITIVE_INFINITY;
        for (const b of burst) at = Math.min(at, this.#outbox.failed(b.seq, err));
        await this.#wakeWithin(Math.max(0, at - Date.now())).catch(() => undefined);
        for (const b of burst) this.#projecting.delete(b.seq);
      }
      for (const b of burst) b.arrival.resolve({ ...b.result, duplicate: false });
      return ok;
    })();
    this.#bursts.add(run);
    void run.finally(() => this.#bursts.delete(run));
    return run.then(() => undefined);
  }

  /**
   * Outbox rows whose events D1 now holds are deleted with the next turn's decisions (or a moment
   * later when no turn comes), not at once: a delete of its own would be one more storage commit,
   * and the answers would wait for it. Until then they stay in #projecting, so the alarm leaves them
   * alone; if the object dies first, the alarm projects them again, which writes nothing twice.
   */
  #settle(seqs: number[]): void {
    const first = this.#settled.size === 0;
    for (const seq of seqs) this.#settled.add(seq);
    if (first) setTimeout(() => this.#deleteSettled(), SETTLE_MS);
  }

  /**
   * Hands event ids D1 holds to the queue, after the answer: those of the next PUBLISH_MS go
   * together (PUBLISH_MAX_IDS at once). An event whose publish is lost is dispatched by the sweep.
   */
  #publish(eventIds: string[]): void {
    if (!eventIds.length) return;
    const first = this.#unpublished.length === 0;
    this.#unpublished.push(...eventIds);
    if (this.#unpublished.length >= PUBLISH_MAX_IDS) this.#flushPublish();
    else if (first) setTimeout(() => this.#flushPublish(), PUBLISH_MS);
  }

  #flushPublish(): void {
    const ids = this.#unpublished.splice(0);
    if (ids.length) this.ctx.waitUntil(publishEvents(this.env, ids));
  }

  #deleteSettled(): void {
    if (!this.#settled.size) return;
    const seqs = [...this.#settled];
    this.#settled.clear();
    try {
      this.#outbox.doneMany(seqs);
    } finally {
      for (const seq of seqs) this.#projecting.delete(seq);
    }
  }

  /** Projects one outbox row; a failure is noted (backoff) and never thrown. */
  async #projectSafely(seq: number, result: EventResult): Promise<boolean> {
    try {
      await this.#projectOne(seq, result);
      return true;
    } catch (err) {
      console.error(`projection of outbox row ${seq} failed; retrying with backoff`, err);
      const at = this.#outbox.failed(seq, err);
      await this.#wakeWithin(Math.max(0, at - Date.now()));
      return false;
    }
  }

  /**
   * Gives cancelled rewards' charges back to the budget, then notes in D1 that they are back
   * (`budget_released_at`). Keyed by reward, so a retried call, a second caller or the sweep
   * cannot give the same money back twice. Returns what this call released.
   */
  async releaseBudget(campaignId: string, items: BudgetRelease[]): Promise<number> {
    this.#rememberCampaign(campaignId);
    const released = this.#release(items);
    await this.#markReleased(items);
    return released;
  }

  /**
   * What the rules have charged to each budget line so far, cancellations given back (minor units).
   * `legacyCurrency` is the campaign's pre-0015 budget currency (EventInput.legacyBudgetCurrency).
   */
  budgetSpent(legacyCurrency: string | null = null): BudgetSpent {
    this.#foldLegacySpent(legacyCurrency);
    return this.#spent();
  }

  /**
   * Projects whatever the outbox still holds and releases rewards whose hold has passed (so
   * they turn approved on time, not only when someone reads them); then wakes again for the
   * next retry or the next hold. Safe to run twice: every write is state-guarded.
   */
  override async alarm(): Promise<void> {
    // The alarm that woke us is spent (if this run fails, the runtime retries it anyway).
    this.#alarmAt = null;
    // What D1 already holds leaves the outbox first, so the alarm sees only what is owed.
    this.#deleteSettled();
    // Each step runs whatever the others do: a projection that keeps failing delays only itself.
    await this.#projectOutbox();
    await this.#reportLag();
    let holdsOk = true;
    try {
      await this.#releaseHolds();
    } catch (err) {
      console.error('hold release failed; retrying', err);
      holdsOk = false;
    }
    const settled = await this.#sweepReleases();
    const retry = Math.min(this.#outbox.nextDueAt(), !settled || !holdsOk ? Date.now() + PROJECTION_RETRY_MS : Number.POSITIVE_INFINITY);
    const nextHold = this.#sql.exec<{ at: string | null }>('SELECT min(hold_until) AS at FROM holds').one().at;
    const next = Math.min(retry, nextHold ? Date.parse(nextHold) : Number.POSITIVE_INFINITY);
    if (Number.isFinite(next)) await this.#setAlarm(next);
  }

  async #releaseHolds(): Promise<void> {
    const now = new Date();
    // A reward whose event is not in D1 yet keeps its hold until it is (the update would miss it).
    const unprojected = this.#outbox.pendingRewardIds();
    const due = this.#sql
      .exec<{ reward_id: string }>('SELECT reward_id FROM holds WHERE hold_until <= ?', now.toISOString())
      .toArray()
      .map((r) => r.reward_id)
      .filter((id) => !unprojected.has(id));
    if (!due.length) return;
    await releaseHolds(getDb(this.env), { rewardIds: due }, now);
    for (const id of due) this.#sql.exec('DELETE FROM holds WHERE reward_id = ?', id);
  }

  /** Synchronous: each reward's charge goes back once (released_rewards), whoever asks. */
  #release(items: BudgetRelease[]): number {
    let released = 0;
    // A single pre-0015 total not yet filed under its currency can only hold charges made before
    // budgets per currency (every later charge is made by #decide, which files it first): it takes them back.
    const legacy = this.#meta('budget_spent') !== undefined;
    for (const { rewardId, amount, currency } of items) {
      if (!(amount > 0)) continue;
      const first = this.#sql.exec('INSERT INTO released_rewards (reward_id, amount) VALUES (?, ?) ON CONFLICT DO NOTHING RETURNING reward_id', rewardId, amount).toArray().length === 1;
      if (!first) continue;
      released += amount;
      if (legacy) this.#sql.exec("UPDATE meta SET value = MAX(0, CAST(value AS INTEGER) - ?) WHERE key = 'budget_spent'", amount);
      else if (currency) this.#sql.exec('UPDATE budget_spent SET amount = MAX(0, amount - ?) WHERE currency = ?', amount, currency);
    }
    return released;
  }

  #spent(): BudgetSpent {
    const spent: BudgetSpent = {};
    for (const row of this.#sql.exec<{ currency: string; amount: number }>('SELECT currency, amount FROM budget_spent')) spent[row.currency] = row.amount;
    return spent;
  }

  /**
   * Objects from before budgets per currency kept one total, counted in the campaign's one budget
   * currency: it becomes that currency's line, once. With no budget currency left at migration 0015
   * there is no line to count it against and it is dropped.
   */
  #foldLegacySpent(currency: string | null): void {
    const legacy = this.#meta('budget_spent');
    if (legacy === undefined) return;
    if (currency && Number(legacy) > 0) {
      this.#sql.exec('INSERT INTO budget_spent (currency, amount) VALUES (?, ?) ON CONFLICT (currency) DO UPDATE SET amount = amount + excluded.amount', currency, Number(legacy));
    }
    this.#sql.exec("DELETE FROM meta WHERE key = 'budget_spent'");
  }

  /** Best effort: if D1 does not take the note now, the sweep finds these rewards again (a no-op release) and notes them. */
  async #markReleased(items: BudgetRelease[]): Promise<void> {
    try {
      await markBudgetReleased(getDb(this.env), items.map((i) => i.rewardId));
    } catch (err) {
      console.error('budget release: could not mark rewards released; the alarm retries', err);
      await this.#wakeWithin(PROJECTION_RETRY_MS);
    }
  }

  /**
   * Cancelled rewards whose charge never came back (the release after their cancel failed,
   * or the request died): give it back now. Returns true when nothing more is owed.
   */
  async #sweepReleases(): Promise<boolean> {
    const campaignId = this.#meta('campaign_id') ?? this.ctx.id.name;
    if (!campaignId) return true;
    let owed: BudgetRelease[];
    try {
      owed = await owedReleases(getDb(this.env), campaignId, SWEEP_LIMIT);
    } catch (err) {
      console.error('budget release sweep failed; retrying', err);
      return false;
    }
    if (!owed.length) return true;
    this.#release(owed);
    try {
      await markBudgetReleased(getDb(this.env), owed.map((i) => i.rewardId));
    } catch (err) {
      console.error('budget release sweep: could not mark rewards released; retrying', err);
      return false;
    }
    return owed.length < SWEEP_LIMIT;
  }

  /** Makes sure the alarm runs within `ms` (an alarm set for a far-off hold would otherwise delay retries). */
  async #wakeWithin(ms: number): Promise<void> {
    const at = Date.now() + ms;
    // Read once per object start, then remembered: a turn whose alarm is already early enough
    // costs no storage call at all.
    if (this.#alarmAt === undefined) this.#alarmAt = await this.ctx.storage.getAlarm();
    if (this.#alarmAt === null || this.#alarmAt > at) await this.#setAlarm(at);
  }

  async #setAlarm(at: number): Promise<void> {
    this.#alarmAt = at;
    await this.ctx.storage.setAlarm(at);
  }

  #rememberCampaign(campaignId: string): void {
    if (this.#meta('campaign_id') !== campaignId) this.#setMeta('campaign_id', campaignId);
  }

  #decide(input: EventInput): EventResult {
    const rules = this.#currentRules(input.rules);
    if (input.rejection) {
      const reasons = [{ rule_id: null, reason: input.rejection }];
      return { referral: referralRow(input, 'rejected', reasons, rules.version, null), rewards: [], outcomes: reasons, clawback: null };
    }
    if (input.refundOf) return this.#refund(input, input.refundOf, rules.version);

    this.#foldLegacySpent(input.legacyBudgetCurrency);
    const budgetSpent = this.#spent();
    const priorSales = input.refereeId
      ? (this.#sql.exec<{ sales: number }>('SELECT sales FROM referee_sales WHERE referee_id = ?', input.refereeId).toArray()[0]?.sales ?? 0)
      : 0;
    const evaluation = evaluate(
      {
        type: input.type,
        amount: input.amount,
        currency: input.currency,
        occurredAt: input.occurredAt,
        metadata: input.metadata,
        hasReferee: input.refereeId !== null,
        refereeSignedUpAt: input.refereeSignedUpAt,
        refereePriorSales: priorSales,
      },
      rules.rules,
      input.campaign,
      { budgetSpent, counters: (ruleId) => this.#counters(ruleId, input.referrerId) },
    );

    for (const change of evaluation.counterChanges) {
      this.#sql.exec(
        `INSERT INTO counters (rule_id, referrer_id, qualifying, rewarded) VALUES (?, ?, ?, ?)
         ON CONFLICT (rule_id, referrer_id) DO UPDATE SET qualifying = qualifying + excluded.qualifying, rewarded = rewarded + excluded.rewarded`,
        change.ruleId,
        input.referrerId,
        change.qualifying,
        change.rewarded,
      );
    }
    for (const [currency, amount] of Object.entries(evaluation.budgetSpent)) {
      if (amount !== (budgetSpent[currency] ?? 0)) {
        this.#sql.exec('INSERT INTO budget_spent (currency, amount) VALUES (?, ?) ON CONFLICT (currency) DO UPDATE SET amount = excluded.amount', currency, amount);
      }
    }
    if (input.type === 'sale' && input.refereeId) {
      this.#sql.exec('INSERT INTO referee_sales (referee_id, sales) VALUES (?, 1) ON CONFLICT (referee_id) DO UPDATE SET sales = sales + 1', input.refereeId);
    }

    const qualified = evaluation.outcomes.some((o) => o.reason === 'rewarded');
    const referral = referralRow(input, qualified ? 'qualified' : 'not_qualified', evaluation.outcomes, rules.version, null);
    const rewards = evaluation.rewards.map((draft) => rewardRow(input, referral, draft, rules.version));
    return { referral, rewards, outcomes: evaluation.outcomes, clawback: null };
  }

  #refund(input: EventInput, saleKey: string, rulesVersion: number): EventResult {
    const sale = this.#sql.exec<{ result: string }>('SELECT result FROM events WHERE dedupe_key = ?', saleKey).toArray()[0];
    if (!sale) {
      const reasons = [{ rule_id: null, reason: 'unknown_order' }];
      return { referral: referralRow(input, 'rejected', reasons, rulesVersion, null), rewards: [], outcomes: reasons, clawback: null };
    }
    const original = JSON.parse(sale.result) as EventResult;
    // The refund belongs to the sale's referrer and referee, whoever the request named.
    const owner = { ...input, referrerId: original.referral.referrerId, refereeId: original.referral.refereeId };
    const saleAmount = original.referral.amount;
    if (input.amount !== null && input.currency && original.referral.currency && input.currency !== original.referral.currency) {
      const reasons = [{ rule_id: null, reason: 'currency_mismatch' }];
      return { referral: referralRow(owner, 'rejected', reasons, rulesVersion, original.referral.id), rewards: [], outcomes: reasons, clawback: null };
    }
    // Partial refunds add up; their total decides (docs/ledger.md). No amount, or a sale without one, is a full refund.
    const prior = this.#sql.exec<{ refunded: number; full: number }>('SELECT refunded, full FROM refunds WHERE sale_key = ?', saleKey).toArray()[0];
    const refunded = (prior?.refunded ?? 0) + (input.amount ?? 0);
    const full = prior?.full === 1 || input.amount === null || saleAmount === null || saleAmount <= 0 || refunded >= saleAmount;
    this.#sql.exec(
      'INSERT INTO refunds (sale_key, refunded, full) VALUES (?, ?, ?) ON CONFLICT (sale_key) DO UPDATE SET refunded = excluded.refunded, full = excluded.full',
      saleKey,
      refunded,
      full ? 1 : 0,
    );
    const referral = referralRow(owner, 'recorded', [], rulesVersion, original.referral.id);
    const reductions = full
      ? []
      : original.rewards
          .filter((r) => r.proportional && r.amount !== null)
          .map((r) => ({ rewardId: r.id, reversed: Number((BigInt(r.amount as number) * BigInt(refunded)) / BigInt(saleAmount as number)) }));
    return {
      referral,
      rewards: [],
      outcomes: [{ rule_id: null, reason: full ? 'refund_recorded' : 'partial_refund_recorded' }],
      clawback: { referralId: original.referral.id, rewardIds: original.rewards.map((r) => r.id), refundReferralId: referral.id, full, reductions },
    };
  }

  /** Anything a failed or interrupted request left in the outbox. */
  async #projectOutbox(): Promise<void> {
    for (const row of this.#outbox.due()) {
      if (!this.#projecting.has(row.seq)) await this.#projectSafely(row.seq, row.result);
    }
  }

  /** Tells the campaign's admins (an event) once per episode that its projections lag. */
  async #reportLag(): Promise<void> {
    const lagging = this.#outbox.lagging();
    const reported = this.#meta('lag_reported') === '1';
    if (!lagging) {
      if (reported) this.#setMeta('lag_reported', '0');
      return;
    }
    if (reported) return;
    const campaignId = this.#meta('campaign_id') ?? this.ctx.id.name;
    if (!campaignId) return;
    if (await reportProjectionLag(this.env, campaignId, this.#outbox.lag())) this.#setMeta('lag_reported', '1');
  }

  async #projectOne(seq: number, result: EventResult): Promise<void> {
    // A refund's clawback only finds its sale's rewards once they are in D1: project the sale
    // first (a failure fails the refund too, and both are retried), never the refund alone.
    if (result.clawback) {
      const sale = this.#outbox.pendingReferral(result.clawback.referralId, seq);
      if (sale && !this.#settled.has(sale.seq)) {
        if (this.#projecting.has(sale.seq)) throw new Error(`refund waits for its sale's projection (outbox row ${sale.seq})`);
        await this.#projectOne(sale.seq, sale.result);
      }
    }
    this.#projecting.add(seq);
    try {
      const { cancelled, eventIds } = await project(getDb(this.env), result);
      // The release and the outbox delete commit together; the release is keyed by reward, so
      // it cannot repeat, and if we die before it the sweep finds the cancelled rewards.
      this.#release(cancelled);
      this.#outbox.done(seq);
      if (cancelled.length) await this.#markReleased(cancelled);
      this.#publish(eventIds);
    } finally {
      this.#projecting.delete(seq);
    }
  }

  /** The newest rules this object has seen: a request carrying older rules cannot roll them back. */
  #currentRules(offered: { version: number; rules: Rule[] }): { version: number; rules: Rule[] } {
    const version = Number(this.#meta('rules_version') ?? -1);
    if (offered.version > version) {
      this.#setMeta('rules_version', String(offered.version));
      this.#setMeta('rules', JSON.stringify(offered.rules));
      return offered;
    }
    // Parsed once per version: the text under one version never changes.
    if (this.#parsedRules?.version !== version) this.#parsedRules = { version, rules: JSON.parse(this.#meta('rules') ?? '[]') as Rule[] };
    return this.#parsedRules;
  }

  #counters(ruleId: string, referrerId: string): RuleCounters {
    const row = this.#sql.exec<{ qualifying: number; rewarded: number }>('SELECT qualifying, rewarded FROM counters WHERE rule_id = ? AND referrer_id = ?', ruleId, referrerId).toArray()[0];
    return row ?? { qualifying: 0, rewarded: 0 };
  }

  #meta(key: string): string | undefined {
    if (this.#metaSeen.has(key)) return this.#metaSeen.get(key);
    const value = this.#sql.exec<{ value: string }>('SELECT value FROM meta WHERE key = ?', key).toArray()[0]?.value;
    if (REMEMBERED_META.has(key)) this.#metaSeen.set(key, value);
    return value;
  }

  #setMeta(key: string, value: string): void {
    this.#sql.exec('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value', key, value);
    if (REMEMBERED_META.has(key)) this.#metaSeen.set(key, value);
  }

  #insertCode(code: string): boolean {
    const inserted = this.#sql.exec('INSERT INTO codes (code, created_at) VALUES (?, ?) ON CONFLICT DO NOTHING RETURNING code', code, Date.now());
    return inserted.toArray().length === 1;
  }
}
