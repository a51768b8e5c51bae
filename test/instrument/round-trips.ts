import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import worker from '../../worker/index';
import { ORIGIN } from '../helpers';
import { type Trip, wrapEnv } from './bindings';

/**
 * Counts the sequential round trips a request makes, deterministically, as if every call that
 * leaves the isolate took the same time: a simulated clock. Each call runs for real, but its
 * answer is held until the clock ticks; the clock ticks only when every call in flight has its
 * answer and the request can make no progress without one. Calls started in the same tick
 * overlap (they count once); a call that needs another's answer lands in a later tick. The
 * count is the number of ticks before the response is returned: what `ctx.waitUntil` does after
 * that is off the request path and not counted (it still runs, and is awaited, before the next
 * measurement).
 */

interface Pending {
  trip: Trip;
  settled: boolean;
  release: () => void;
}

export interface Measured {
  response: Response;
  /** Sequential round trips before the response. */
  trips: number;
  /** What each tick released: for failure messages. */
  rounds: string[][];
  /** Calls made after the response (waitUntil), which cost the caller nothing. */
  after: string[];
}

const macrotask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));
const label = (t: Trip) => `${t.binding}.${t.op}${t.detail ? ` ${t.detail}` : ''}`;

export class RoundTripCounter {
  #pending: Pending[] = [];
  #changes = 0;
  /** After the response: calls are released as they come, and recorded in `after`. */
  #responded = false;
  #after: string[] = [];
  readonly env: Cloudflare.Env;

  constructor() {
    this.env = wrapEnv(env, (trip, run) => this.#around(trip, run));
  }

  #around<T>(trip: Trip, run: () => Promise<T>): Promise<T> {
    if (this.#responded) this.#after.push(label(trip));
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const entry: Pending = { trip, settled: false, release };
    this.#pending.push(entry);
    this.#changes++;
    const real = run();
    const mark = () => {
      entry.settled = true;
      this.#changes++;
    };
    real.then(mark, mark);
    return real.then(
      async (value) => {
        await gate;
        return value;
      },
      async (err: unknown) => {
        await gate;
        throw err;
      },
    );
  }

  /** Waits until every call in flight has its real answer and no new call starts for a few turns. */
  async #quiesce(): Promise<void> {
    for (let stable = 0; stable < 4; ) {
      const before = this.#changes;
      await macrotask();
      const unsettled = this.#pending.some((p) => !p.settled);
      stable = unsettled || this.#changes !== before ? 0 : stable + 1;
    }
  }

  #tick(): string[] {
    const released = this.#pending;
    this.#pending = [];
    for (const p of released) p.release();
    return released.map((p) => label(p.trip));
  }

  /** Sends `request` through the production fetch handler (or `handler`) with the wrapped bindings. */
  async measure(request: Request, handler: (request: Request, env: Cloudflare.Env, ctx: ExecutionContext) => Response | Promise<Response> = (r, e, c) => worker.fetch(r as Request<unknown, IncomingRequestCfProperties>, e, c)): Promise<Measured> {
    this.#responded = false;
    this.#after = [];
    const ctx = createExecutionContext();
    let response: Response | undefined;
    let failure: unknown;
    const done = Promise.resolve(handler(request, this.env, ctx)).then(
      (r) => {
        response = r;
      },
      (err: unknown) => {
        failure = err;
      },
    );
    const rounds: string[][] = [];
    let finished = false;
    done.then(() => {
      finished = true;
    });
    while (!finished) {
      await this.#quiesce();
      if (finished) break;
      if (!this.#pending.length) {
        // Waiting on something that is not a binding (a timer, a stream): let it run.
        await macrotask();
        continue;
      }
      rounds.push(this.#tick());
    }
    this.#responded = true;
    // Work left for after the response (waitUntil) runs unheld.
    this.#tick();
    const drained = waitOnExecutionContext(ctx);
    let drainedDone = false;
    drained.then(() => {
      drainedDone = true;
    });
    while (!drainedDone) {
      this.#tick();
      await macrotask();
    }
    this.#tick();
    if (failure !== undefined) throw failure;
    return { response: response as Response, trips: rounds.length, rounds, after: this.#after };
  }

  /** A JSON request as a client sends it. */
  call(method: string, path: string, options: { key?: string; body?: unknown; headers?: Record<string, string> } = {}) {
    const headers = new Headers(options.headers);
    if (options.key) headers.set('x-api-key', options.key);
    if (options.body !== undefined) headers.set('content-type', 'application/json');
    return this.measure(new Request(`${ORIGIN}${path}`, { method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) }));
  }
}

/** "3 trips: [D1.first …] → [RATE_LIMITER.hit …] → …": what a failing count assertion shows. */
export const describeTrips = (m: Measured) => `${m.trips} trips: ${m.rounds.map((r) => `[${r.join(' | ')}]`).join(' → ')}`;
