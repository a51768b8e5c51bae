/**
 * Wraps a Worker's real bindings so every call that leaves the isolate (a D1 query or batch, a
 * Durable Object RPC, a KV read or write, a queue send) goes through `around`. The real binding
 * still does the work: the wrapper only observes (the round-trip counter) or delays (the
 * latency bench). Bindings it does not recognise (ASSETS, vars) pass through unchanged.
 *
 * Shared by test/instrument/round-trips.ts and bench/latency-worker.mjs, so it imports nothing
 * from the runtime.
 */

export interface Trip {
  binding: string;
  op: string;
  /** The SQL, the object's name, the KV key: for failure messages. */
  detail?: string;
}

export type Around = <T>(trip: Trip, run: () => Promise<T>) => Promise<T>;

type Fn = (...args: unknown[]) => unknown;
const REAL = Symbol('real statement');

const has = (value: unknown, ...methods: string[]) =>
  typeof value === 'object' && value !== null && methods.every((m) => typeof (value as Record<string, unknown>)[m] === 'function');

const short = (sql: string) => sql.replace(/\s+/g, ' ').slice(0, 80);

function wrapStatement(binding: string, real: D1PreparedStatement, sql: string, around: Around): D1PreparedStatement {
  const wrapped = {
    [REAL]: real,
    bind: (...values: unknown[]) => wrapStatement(binding, real.bind(...values), sql, around),
    first: (column?: string) => around({ binding, op: 'first', detail: short(sql) }, () => (column === undefined ? real.first() : real.first(column))),
    all: () => around({ binding, op: 'all', detail: short(sql) }, () => real.all()),
    run: () => around({ binding, op: 'run', detail: short(sql) }, () => real.run()),
    raw: (options?: { columnNames?: boolean }) => around({ binding, op: 'raw', detail: short(sql) }, () => real.raw(options as { columnNames: true })),
  };
  return wrapped as unknown as D1PreparedStatement;
}

const unwrap = (s: D1PreparedStatement) => (s as unknown as { [REAL]?: D1PreparedStatement })[REAL] ?? s;

interface D1Like {
  prepare(sql: string): D1PreparedStatement;
  batch<T>(statements: D1PreparedStatement[]): Promise<D1Result<T>[]>;
  exec?(sql: string): Promise<D1ExecResult>;
}

function wrapD1Like(binding: string, real: D1Like, around: Around) {
  return {
    prepare: (sql: string) => wrapStatement(binding, real.prepare(sql), sql, around),
    batch: <T>(statements: D1PreparedStatement[]) =>
      around({ binding, op: 'batch', detail: `${statements.length} statements` }, () => real.batch<T>(statements.map(unwrap))),
    exec: (sql: string) => around({ binding, op: 'exec', detail: short(sql) }, () => (real.exec as (sql: string) => Promise<D1ExecResult>).call(real, sql)),
  };
}

function wrapD1(binding: string, real: D1Database, around: Around): D1Database {
  return {
    ...wrapD1Like(binding, real, around),
    dump: () => around({ binding, op: 'dump' }, () => real.dump()),
    withSession: (constraint?: string) => {
      const session = real.withSession(constraint as D1SessionConstraint);
      return { ...wrapD1Like(binding, session, around), getBookmark: () => session.getBookmark() };
    },
  } as unknown as D1Database;
}

function wrapStub(binding: string, name: string, real: object, around: Around): object {
  return new Proxy(real, {
    get(target, prop) {
      const value = Reflect.get(target, prop);
      if (prop === 'id' || prop === 'name' || typeof prop === 'symbol' || typeof value !== 'function') return value;
      return (...args: unknown[]) => around({ binding, op: String(prop), detail: name }, () => Promise.resolve(Reflect.apply(value as Fn, target, args)));
    },
  });
}

function wrapNamespace(binding: string, real: DurableObjectNamespace, around: Around): DurableObjectNamespace {
  return new Proxy(real, {
    get(target, prop) {
      const value = Reflect.get(target, prop);
      if (prop === 'getByName') return (name: string, ...rest: unknown[]) => wrapStub(binding, name, (value as Fn).call(target, name, ...rest) as object, around);
      if (prop === 'get') return (id: DurableObjectId, ...rest: unknown[]) => wrapStub(binding, id.name ?? id.toString(), (value as Fn).call(target, id, ...rest) as object, around);
      return typeof value === 'function' ? (value as Fn).bind(target) : value;
    },
  });
}

function wrapMethods<T extends object>(binding: string, real: T, methods: string[], around: Around): T {
  return new Proxy(real, {
    get(target, prop) {
      const value = Reflect.get(target, prop);
      if (typeof value !== 'function') return value;
      if (typeof prop === 'string' && methods.includes(prop)) {
        return (...args: unknown[]) =>
          around({ binding, op: prop, detail: typeof args[0] === 'string' ? args[0] : undefined }, () => Promise.resolve(Reflect.apply(value as Fn, target, args)));
      }
      return (value as Fn).bind(target);
    },
  });
}

/** A copy of `env` whose D1, Durable Object, KV and queue bindings report each call to `around`. */
export function wrapEnv<E extends object>(env: E, around: Around): E {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(env)) {
    if (has(value, 'prepare', 'batch', 'withSession')) out[name] = wrapD1(name, value as D1Database, around);
    else if (has(value, 'getByName', 'idFromName')) out[name] = wrapNamespace(name, value as DurableObjectNamespace, around);
    else if (has(value, 'getWithMetadata', 'put')) out[name] = wrapMethods(name, value as object, ['get', 'getWithMetadata', 'put', 'delete', 'list'], around);
    else if (has(value, 'send', 'sendBatch')) out[name] = wrapMethods(name, value as object, ['send', 'sendBatch'], around);
    else out[name] = value;
  }
  return out as E;
}
