import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { type Trip, wrapEnv } from './bindings';
import { RoundTripCounter } from './round-trips';

/** The instrument itself: what it counts must be what a deployed request would wait for. */
describe('wrapEnv', () => {
  const recording = () => {
    const trips: Trip[] = [];
    const wrapped = wrapEnv(env, (trip, run) => {
      trips.push(trip);
      return run();
    });
    return { trips, wrapped };
  };

  it('reports each D1 statement, batch and session query, and the real answer comes back', async () => {
    const { trips, wrapped } = recording();
    expect(await wrapped.DB.prepare('SELECT 1 AS one').first('one')).toBe(1);
    const [a, b] = await wrapped.DB.batch([wrapped.DB.prepare('SELECT 2 AS n'), wrapped.DB.prepare('SELECT 3 AS n')]);
    expect([a?.results, b?.results]).toEqual([[{ n: 2 }], [{ n: 3 }]]);
    expect(await wrapped.DB.withSession('first-primary').prepare('SELECT ? AS n').bind(4).first('n')).toBe(4);
    expect(trips.map((t) => `${t.binding}.${t.op}`)).toEqual(['DB.first', 'DB.batch', 'DB.first']);
  });

  it('reports Durable Object calls and KV reads', async () => {
    const { trips, wrapped } = recording();
    const decision = await wrapped.RATE_LIMITER.getByName('instrument-test').hit(10, 60);
    expect(decision.allowed).toBe(true);
    await wrapped.LINKS.get('instrument-test');
    expect(trips.map((t) => `${t.binding}.${t.op}`)).toEqual(['RATE_LIMITER.hit', 'LINKS.get']);
  });
});

describe('RoundTripCounter', () => {
  const counter = new RoundTripCounter();
  const q = (e: Cloudflare.Env, n: number) => e.DB.prepare('SELECT ? AS n').bind(n).first('n');
  const measure = (handler: (e: Cloudflare.Env, ctx: ExecutionContext) => Promise<unknown>) =>
    counter.measure(new Request('https://x.test/'), async (_r, e, ctx) => {
      await handler(e, ctx);
      return new Response(null, { status: 204 });
    });

  it('counts calls made one after another once each', async () => {
    const m = await measure(async (e) => {
      await q(e, 1);
      await e.RATE_LIMITER.getByName('counter-test').hit(10, 60);
      await q(e, 2);
    });
    expect(m.trips).toBe(3);
  });

  it('counts calls that overlap once', async () => {
    const m = await measure(async (e) => {
      await Promise.all([q(e, 1), q(e, 2), e.RATE_LIMITER.getByName('counter-test').hit(10, 60)]);
      await q(e, 3);
    });
    expect(m.trips).toBe(2);
  });

  it('does not count what runs after the response, but reports it', async () => {
    const m = await measure(async (e, ctx) => {
      await q(e, 1);
      ctx.waitUntil(q(e, 2).then(() => q(e, 3)));
    });
    expect(m.trips).toBe(1);
  });
});
