import { visitorId } from '../../domain/visitor';
import type { Click } from '../../durable-objects/click-aggregator/click-aggregator';
import type { Bindings } from '../../env';
import type { Defer } from './links';

/**
 * Isolate-local batching of counted clicks: what a redirect does for its visit is one Map
 * update here. A batch per aggregator shard stays open BATCH_WINDOW_MS (or until it holds
 * MAX_VISITORS distinct visitors, or the UTC day changes), then one RPC carries it: one entry
 * per (referrer, visitor) with its number of clicks, the visitor hashed once per batch.
 *
 * Only the click that opens a batch hands a promise to `waitUntil` (the delivery), which keeps
 * the isolate up until the batch has left; every other click adds to the open batch and its
 * request is done. The shopper never waits for any of it. Raw IPs and user agents stay in this
 * isolate's memory for at most the window; only the hash leaves it.
 *
 * Another request may end a window early (`close`, when the batch fills up): the delivery still
 * runs in the opening request's context, which is alive because its `waitUntil` awaits it.
 *
 * Why a whole second: a delivery is an RPC and a storage commit in the aggregator (0.2–4 ms
 * wall time on the bench machine, `POST /__bench/micro`); with 100 ms windows the bench showed
 * about +20% workerd CPU per counted redirect, with 5 s windows +3% (noise level). A second is
 * nothing next to the aggregator's own 5 s flush to D1.
 */
export const BATCH_WINDOW_MS = 1_000;
const MAX_VISITORS = 500;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface VisitTarget {
  environmentId: string;
  campaignId: string;
  userId: string;
}

interface PendingVisitor {
  target: VisitTarget;
  ip: string | null;
  userAgent: string | null;
  /** The visitor's first click in this batch. */
  at: number;
  clicks: number;
}

interface Batch {
  readonly visitors: Map<string, PendingVisitor>;
  /** UTC day number of the batch's clicks: a click of another day goes to a new batch. */
  readonly day: number;
  /** Ends the window early (batch full, or a new day). */
  readonly close: () => void;
}

const openBatches = new Map<string, Batch>();

/**
 * Counts one click for delivery to `shard` (see services/share-links/clicks.ts). Synchronous and
 * allocation-light: the per-click cost of a counted redirect.
 */
export function addClick(env: Pick<Bindings, 'CLICKS'>, defer: Defer, shard: string, target: VisitTarget, ip: string | null, userAgent: string | null, at: number): void {
  const day = Math.floor(at / DAY_MS);
  let batch = openBatches.get(shard);
  if (batch && batch.day !== day) {
    openBatches.delete(shard);
    batch.close();
    batch = undefined;
  }
  if (!batch) batch = openBatch(env, defer, shard, day);
  const key = `${target.userId}\n${ip}\n${userAgent}`;
  const pending = batch.visitors.get(key);
  if (pending) {
    pending.clicks++;
    return;
  }
  batch.visitors.set(key, { target, ip, userAgent, at, clicks: 1 });
  if (batch.visitors.size >= MAX_VISITORS) {
    openBatches.delete(shard);
    batch.close();
  }
}

function openBatch(env: Pick<Bindings, 'CLICKS'>, defer: Defer, shard: string, day: number): Batch {
  let close!: () => void;
  const due = new Promise<void>((resolve) => {
    close = resolve;
  });
  const timer = setTimeout(close, BATCH_WINDOW_MS);
  const batch: Batch = { visitors: new Map(), day, close };
  openBatches.set(shard, batch);
  defer(
    due.then(() => {
      clearTimeout(timer);
      if (openBatches.get(shard) === batch) openBatches.delete(shard);
      return deliver(env, shard, batch);
    }),
  );
  return batch;
}

/** Never rejects: clicks that cannot be delivered (twice) are logged. */
async function deliver(env: Pick<Bindings, 'CLICKS'>, shard: string, batch: Batch): Promise<void> {
  const clicks: Click[] = [];
  for (const { target, ip, userAgent, at, clicks: n } of batch.visitors.values()) {
    // Field by field: a target is often a whole resolved link, and only these cross the RPC.
    const { environmentId, campaignId, userId } = target;
    clicks.push({ environmentId, campaignId, userId, visitor: visitorId(userId, ip, userAgent), at, clicks: n });
  }
  const stub = env.CLICKS.getByName(shard);
  const id = crypto.randomUUID();
  try {
    // One retry (a Durable Object can be restarting at the moment of the call); the batch id
    // makes a retry of a delivery that did land count nothing twice.
    await stub.recordBatch(id, clicks).catch(() => stub.recordBatch(id, clicks));
  } catch (err) {
    const lost = clicks.reduce((n, c) => n + (c.clicks ?? 1), 0);
    console.error(JSON.stringify({ level: 'error', message: 'clicks not recorded', shard, clicks: lost, error: String(err) }));
  }
}

/**
 * Ends every open batch's window now: their deliveries start at once (still inside the
 * `waitUntil` of the requests that opened them). For tests and the bench, which would
 * otherwise wait out the window.
 */
export function sendOpenClickBatches(): void {
  for (const [shard, batch] of openBatches) {
    openBatches.delete(shard);
    batch.close();
  }
}
