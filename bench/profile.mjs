// CPU profiles through workerd's inspector (the Chrome DevTools protocol): a session on one
// isolate (`inspector`), self time per function of a profile (`selfTimes`), and every isolate of a
// running workerd sampled at once (`profileWorkerd`). Used by bench/profile-redirect.mjs and by
// `npm run bench:latency -- --profile` (where the campaign object's time goes).
import { writeFileSync } from 'node:fs';
import { log } from './harness.mjs';

export function inspector(url) {
  // The inspector proxy accepts only local origins.
  const ws = new WebSocket(url, { headers: { origin: 'http://localhost' } });
  let id = 0;
  const pending = new Map();
  ws.addEventListener('message', async (event) => {
    const msg = JSON.parse(typeof event.data === 'string' ? event.data : await new Blob([event.data]).text());
    if (process.env.PROFILE_DEBUG) log(`inspector: ${JSON.stringify(msg).slice(0, 200)}`);
    if (msg.id && pending.has(msg.id)) {
      const { resolve, reject } = pending.get(msg.id);
      pending.delete(msg.id);
      if (msg.error) reject(new Error(JSON.stringify(msg.error)));
      else resolve(msg.result);
    }
  });
  const opened = new Promise((resolve, reject) => {
    ws.addEventListener('open', resolve, { once: true });
    ws.addEventListener('error', reject, { once: true });
  });
  return {
    opened,
    send: (method, params = {}) =>
      new Promise((resolve, reject) => {
        const msgId = ++id;
        pending.set(msgId, { resolve, reject });
        ws.send(JSON.stringify({ id: msgId, method, params }));
      }),
    close: () => ws.close(),
  };
}

/**
 * Self time per function (name + place), largest first, from the sample times (a sample's
 * time is the gap since the previous one: the sampler runs late on a busy machine).
 */
export function selfTimes(profile) {
  const byNode = new Map(profile.nodes.map((n) => [n.id, n]));
  const byFunction = new Map();
  for (let i = 1; i < profile.samples.length; i++) {
    const { functionName, url, lineNumber } = byNode.get(profile.samples[i]).callFrame;
    const key = `${functionName || '(anonymous)'} ${url ? `${url.split('/').pop()}:${lineNumber + 1}` : ''}`.trim();
    byFunction.set(key, (byFunction.get(key) ?? 0) + profile.timeDeltas[i]);
  }
  const totalUs = profile.endTime - profile.startTime;
  return { totalUs, idleUs: byFunction.get('(idle)') ?? 0, rows: [...byFunction].sort((a, b) => b[1] - a[1]).map(([fn, us]) => ({ fn, us })) };
}

/**
 * Samples every isolate of the workerd whose inspector listens on `port` for `ms`, all at once;
 * resolves to one report per isolate that ran (busiest first): its busy share of the time and the
 * `top` functions by self time, as shares of the time.
 */
export async function profileWorkerd(port, ms, top = 15) {
  const targets = await (await fetch(`http://127.0.0.1:${port}/json`)).json();
  const reports = await Promise.all(
    targets.map(async (target) => {
      const session = inspector(target.webSocketDebuggerUrl);
      await session.opened;
      await session.send('Profiler.enable');
      await session.send('Profiler.setSamplingInterval', { interval: 200 });
      await session.send('Profiler.start');
      await new Promise((resolve) => setTimeout(resolve, ms));
      const { profile } = await session.send('Profiler.stop');
      session.close();
      // BENCH_PROFILE_SAVE=<prefix>: each isolate's whole profile too, for Chrome DevTools' Performance panel.
      if (process.env.BENCH_PROFILE_SAVE) writeFileSync(`${process.env.BENCH_PROFILE_SAVE}-${target.title.replace(/[^a-z0-9]+/gi, '_')}.cpuprofile`, JSON.stringify(profile));
      const { totalUs, idleUs, rows } = selfTimes(profile);
      return { isolate: target.title.replace(/^workerd: worker /, ''), samples: profile.samples.length, busy: (totalUs - idleUs) / totalUs, rows: rows.slice(0, top).map((r) => ({ fn: r.fn, share: r.us / totalUs })) };
    }),
  );
  // An isolate that never ran has a handful of samples spread over the whole time: left out.
  return reports.filter((r) => r.samples >= 100).sort((a, b) => b.busy - a.busy);
}
