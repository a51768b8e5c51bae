import fc from 'fast-check';
import { exports } from 'cloudflare:workers';
import regressions from './regressions/fuzz-seeds.json';
import { beforeAll, describe, expect, it } from 'vitest';
import { bodyArbitrary, type Components, idArbitrary, queryArbitrary, type RawBody, type Schema } from './fuzz/arbitraries';
import { changedTables, snapshotCampaignObjects, snapshotD1 } from './fuzz/snapshot';
import { call, ORIGIN, standardKey, workspace } from './helpers';

/**
 * Hostile input at every operation of the OpenAPI document (read from the running Worker, so
 * routes added later are fuzzed without touching this file). Every answer must be below 500;
 * every 4xx must be a problem document; a rejected request must leave D1 exactly as it was.
 */

const RUNS_PER_OPERATION = 25;
/** A fresh seed every run, printed; a failing one goes into test/regressions/fuzz-seeds.json and is replayed every run. */
const SEED = (Date.now() ^ Math.floor(Math.random() * 2 ** 31)) >>> 0;
interface Regression {
  seed: number;
  operation?: string;
  runs?: number;
  found?: string;
}
const REGRESSIONS = (regressions as { seeds: Regression[] }).seeds;

interface Operation {
  method: string;
  path: string;
  query: string[];
  body: Schema | undefined;
  public: boolean;
}

let components: Components = {};
let operations: Operation[] = [];
let adminKey = '';
const realIds: string[] = [];
/** The campaigns whose objects' storage is compared before and after every rejected request. */
const campaignIds: string[] = [];
let sent = 0;
const statuses = new Map<number, number>();

/** Status codes after which an Idempotency-Key's record is kept by design (Stripe's semantics). */
const KEPT_BY_IDEMPOTENCY = new Set([404, 409, 422]);

beforeAll(async () => {
  const ws = await workspace('Fuzz');
  adminKey = ws.test.adminKey;
  const server = await standardKey(adminKey, 'Sacrificial');
  const keys = await call('GET', '/v1/api-keys', { key: adminKey });
  const campaign = await call('POST', '/v1/campaigns', { key: server, body: { name: 'Fuzzed', status: 'live' } });
  const user = await call('POST', '/v1/users', { key: server, body: { external_id: 'cust_fuzz', email: 'fuzz@example.com', name: 'Fuzz', campaign_id: campaign.json.id } });
  const referral = await call('POST', '/v1/referrals', { key: server, body: { code: user.json.referral_code, type: 'signup', referee: { external_id: 'cust_fuzz_friend' } } });
  const sacrificial = (keys.json.data as { id: string; name: string }[]).find((k) => k.name === 'Sacrificial');
  realIds.push(user.json.id, 'cust_fuzz', user.json.referral_code, campaign.json.id, ws.test.campaignId, referral.json.id, sacrificial?.id ?? 'key_none');
  campaignIds.push(campaign.json.id, ws.test.campaignId);

  const doc = (await call('GET', '/v1/openapi.json')).json as {
    paths: Record<string, Record<string, { parameters?: { name: string; in: string }[]; requestBody?: { content: Record<string, { schema: Schema }> }; security?: unknown[] }>>;
    components: { schemas: Components };
  };
  components = doc.components.schemas;
  operations = Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => ['get', 'post', 'put', 'patch', 'delete'].includes(method))
      .map(([method, op]) => ({
        method: method.toUpperCase(),
        path,
        query: (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name),
        body: op.requestBody?.content['application/json']?.schema,
        public: Array.isArray(op.security) && op.security.length === 0,
      })),
  );
});

// A lone surrogate cannot be sent: a client's UTF-8 encoding turns it into U+FFFD, and so does this.
const rawPathValue = (id: string) => (/^(%|\.\.?$)/.test(id) ? id : encodeURIComponent(id.toWellFormed()));

async function send(op: Operation, id: string, query: [string, string][], body: RawBody, auth: 'admin' | 'none' | 'bad', idempotencyKey: string | null) {
  const path = op.path.replace(/\{[^}]+\}/g, rawPathValue(id));
  const search = new URLSearchParams(query).toString();
  const headers = new Headers();
  if (auth === 'admin') headers.set('x-api-key', adminKey);
  if (auth === 'bad') headers.set('x-api-key', `rk_test_${'Z'.repeat(40)}`);
  if (body.contentType !== undefined) headers.set('content-type', body.contentType);
  if (idempotencyKey !== null) headers.set('idempotency-key', idempotencyKey);
  const withBody = op.method !== 'GET' && body.text !== undefined;
  const response = await exports.default.fetch(new Request(`${ORIGIN}${path}${search ? `?${search}` : ''}`, { method: op.method, headers, body: withBody ? body.text : undefined, redirect: 'manual' }));
  const text = await response.text();
  sent++;
  statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
  return {
    status: response.status,
    contentType: response.headers.get('content-type') ?? '',
    requestId: response.headers.get('x-request-id'),
    replayed: response.headers.get('idempotent-replayed') === 'true',
    text,
  };
}

function problemShapeErrors(res: { status: number; contentType: string; requestId: string | null; replayed: boolean; text: string }): string[] {
  if (!res.contentType.startsWith('application/problem+json')) return [`content-type ${res.contentType}`];
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(res.text);
  } catch {
    return ['body is not JSON'];
  }
  const errors: string[] = [];
  if (typeof body.type !== 'string' || typeof body.title !== 'string') errors.push('type/title missing');
  if (body.status !== res.status) errors.push(`status ${String(body.status)} ≠ ${res.status}`);
  if (typeof body.request_id !== 'string') errors.push('request_id missing');
  // A replay repeats the first response byte for byte, its request id included.
  else if (!res.replayed && body.request_id !== res.requestId) errors.push('request_id differs from X-Request-Id');
  if (body.errors !== undefined && !(Array.isArray(body.errors) && body.errors.every((e) => typeof e?.field === 'string' && typeof e?.message === 'string'))) errors.push('errors malformed');
  if (/\bat .+:\d+:\d+\)?$/m.test(res.text)) errors.push('stack trace in body');
  return errors;
}

describe('fuzzing every operation in the OpenAPI document', () => {
  it('finds the operations', () => {
    expect(operations.length).toBeGreaterThanOrEqual(20);
  });

  /** Runs `runs` random requests at one operation; every answer and every rejected request's effect is checked. */
  async function fuzzOperation(op: Operation, seed: number, runs: number, state: { d1: Record<string, string>; objects: Record<string, string> }) {
    const arbitrary = fc.record({
      id: idArbitrary(realIds),
      query: queryArbitrary(op.query),
      body: bodyArbitrary(op.body, components),
      auth: fc.constantFrom<'admin' | 'none' | 'bad'>('admin', 'admin', 'admin', 'admin', 'admin', 'admin', 'none', 'bad'),
      // Mostly none, so bodies reach the handlers; sometimes a valid key, sometimes a hostile one.
      idempotencyKey: fc.oneof({ weight: 4, arbitrary: fc.constant(null) }, { weight: 2, arbitrary: fc.uuid() }, { weight: 1, arbitrary: fc.string({ maxLength: 300 }) }),
    });
    const details = await fc.check(
      fc.asyncProperty(arbitrary, async ({ id, query, body, auth, idempotencyKey }) => {
        const res = await send(op, id, query, body, auth, idempotencyKey);
        const label = `${op.method} ${op.path} → ${res.status} ${res.text.slice(0, 300)}`;
        expect(res.status, label).toBeLessThan(500);
        if (res.status >= 400) expect(problemShapeErrors(res), label).toEqual([]);
        const [d1, objects] = await Promise.all([snapshotD1(), snapshotCampaignObjects(campaignIds)]);
        if (res.status >= 400) {
          const ignored = [
            ...(idempotencyKey !== null && KEPT_BY_IDEMPOTENCY.has(res.status) ? ['idempotency_keys'] : []),
            // A failed sign-in is counted on purpose: that count is the login rate limit.
            ...(op.path === '/v1/auth/login' ? ['login_attempts'] : []),
          ];
          expect(changedTables(state.d1, d1).filter((t) => !ignored.includes(t)), `D1 changed: ${label}`).toEqual([]);
          expect(changedTables(state.objects, objects), `campaign object storage changed: ${label}`).toEqual([]);
        }
        state.d1 = d1;
        state.objects = objects;
      }),
      { numRuns: runs, seed },
    );
    if (details.failed) {
      const entry = JSON.stringify({ seed, operation: `${op.method} ${op.path}`, runs });
      throw new Error(
        `fuzz failed: ${op.method} ${op.path}, seed ${seed}. Keep it: add ${entry} to test/regressions/fuzz-seeds.json.\n` +
          `Counterexample (after ${details.numShrinks} shrinks): ${JSON.stringify(details.counterexample)?.slice(0, 2_000)}\n${String(details.errorInstance).slice(0, 2_000)}`,
      );
    }
  }

  it('never answers 5xx, always the problem shape for 4xx, and a rejected request changes neither D1 nor the campaign objects', async () => {
    console.log(`fuzz: seed ${SEED} (a failing seed goes into test/regressions/fuzz-seeds.json)`);
    const started = Date.now();
    const state = { d1: await snapshotD1(), objects: await snapshotCampaignObjects(campaignIds) };
    for (const op of operations) await fuzzOperation(op, SEED, RUNS_PER_OPERATION, state);
    console.log(`fuzz: seed ${SEED}: ${sent} requests over ${operations.length} operations in ${((Date.now() - started) / 1000).toFixed(1)} s; statuses ${JSON.stringify(Object.fromEntries([...statuses].sort()))}`);
    expect(sent).toBeGreaterThanOrEqual(operations.length * RUNS_PER_OPERATION);
  }, 600_000);

  it(`replays the ${REGRESSIONS.length} kept failing seeds`, async () => {
    const state = { d1: await snapshotD1(), objects: await snapshotCampaignObjects(campaignIds) };
    for (const r of REGRESSIONS) {
      const ops = operations.filter((op) => !r.operation || `${op.method} ${op.path}` === r.operation);
      expect(ops.length, `operation ${r.operation} of a kept seed is gone`).toBeGreaterThan(0);
      for (const op of ops) await fuzzOperation(op, r.seed, r.runs ?? RUNS_PER_OPERATION, state);
    }
  }, 600_000);
});
