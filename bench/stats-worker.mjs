// Bench-only Worker entry for `npm run bench:stats`; never deployed. bench/worker.mjs (the
// production worker plus its /__bench/ routes) plus one route:
//   POST /__bench/seed-stats  { environmentId, campaignId, referrals, days, today }: writes
//        `referrals` referral events straight into D1 with recursive-CTE INSERT … SELECTs (no
//        campaign object, no rules: seeding, not what is measured): 20% signups, 80% sales
//        (1 in 50 sales refunded, half of those partly, each with its refund event), USD and
//        EUR, spread evenly over `days` UTC days ending `today`, under 1,000 referrers; one
//        reward per signup and per sale (cash, status by turn, 1 in 10 cancelled).
import bench from './worker.mjs';

export * from './worker.mjs';

const json = (value, status = 200) => new Response(JSON.stringify(value), { status, headers: { 'content-type': 'application/json' } });
const CHUNK = 10_000;

async function seed(env, { environmentId, campaignId, referrals, days, today }) {
  const started = Date.now();
  const referrers = 1_000;
  // Referrers first (users the referrals point at).
  await env.DB.prepare(
    `WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ?3 - 1)
     INSERT INTO users (id, environment_id, campaign_id, external_id, referral_code, metadata, source, created_at, updated_at)
     SELECT 'usr_b_' || i, ?1, ?2, 'bench-' || i, 'BENCH' || i, '{}', 'api', ?4, ?4 FROM n`,
  )
    .bind(environmentId, campaignId, referrers, `${today}T00:00:00.000Z`)
    .run();
  const statements = [];
  for (let from = 0; from < referrals; from += CHUNK) {
    const to = Math.min(referrals, from + CHUNK);
    // i % 5 = 0: signup; else sale. Sales with i % 250 = 1 are refunded (half of them in part).
    statements.push(
      env.DB.prepare(
        `WITH RECURSIVE n(i) AS (SELECT ?5 UNION ALL SELECT i + 1 FROM n WHERE i < ?6 - 1)
         INSERT INTO referrals (id, environment_id, campaign_id, type, status, reasons, referrer_id, referee_id, amount, currency, order_id, refund_of, dedupe_key, rules_version, metadata, occurred_at, created_at)
         SELECT 'ref_b_' || i, ?1, ?2,
                CASE WHEN i % 5 = 0 THEN 'signup' ELSE 'sale' END,
                CASE WHEN i % 5 <> 0 AND i % 250 = 1 THEN 'refunded' ELSE 'qualified' END,
                '[]', 'usr_b_' || (i % 1000), NULL,
                CASE WHEN i % 5 = 0 THEN NULL ELSE 1000 + (i * 37) % 9000 END,
                CASE WHEN i % 5 = 0 THEN NULL WHEN i % 3 = 0 THEN 'EUR' ELSE 'USD' END,
                CASE WHEN i % 5 = 0 THEN NULL ELSE 'o' || i END,
                NULL,
                CASE WHEN i % 5 = 0 THEN 'signup:event:' || i ELSE 'sale:order:o' || i END,
                1, '{}',
                strftime('%Y-%m-%dT%H:%M:%fZ', ?3, '-' || (i % ?4) || ' days', '+' || (i % 86400) || ' seconds'),
                strftime('%Y-%m-%dT%H:%M:%fZ', ?3, '-' || (i % ?4) || ' days', '+' || (i % 86400) || ' seconds')
         FROM n`,
      ).bind(environmentId, campaignId, today, days, from, to),
      env.DB.prepare(
        `WITH RECURSIVE n(i) AS (SELECT ?3 UNION ALL SELECT i + 1 FROM n WHERE i < ?4 - 1)
         INSERT INTO rewards (id, environment_id, campaign_id, referral_id, user_id, recipient, type, amount, currency, status, budget_charged, created_at, updated_at)
         SELECT 'rwd_b_' || i, ?1, ?2, 'ref_b_' || i, 'usr_b_' || (i % 1000), 'referrer', 'cash', 100 + i % 400,
                CASE WHEN i % 3 = 0 THEN 'EUR' ELSE 'USD' END,
                CASE WHEN i % 10 = 0 THEN 'cancelled' WHEN i % 3 = 0 THEN 'paid' WHEN i % 3 = 1 THEN 'approved' ELSE 'pending' END,
                0, r.created_at, r.created_at
         FROM n JOIN referrals r ON r.id = 'ref_b_' || i`,
      ).bind(environmentId, campaignId, from, to),
    );
  }
  for (const s of statements) await s.run();
  // The refunds of refunded sales: half for 500 (partial), half without an amount (full).
  await env.DB.prepare(
    `INSERT INTO referrals (id, environment_id, campaign_id, type, status, reasons, referrer_id, amount, currency, order_id, refund_of, dedupe_key, rules_version, metadata, occurred_at, created_at)
     SELECT 'rfd_' || s.id, s.environment_id, s.campaign_id, 'refund', 'recorded', '[]', s.referrer_id,
            CASE WHEN CAST(substr(s.id, 7) AS INTEGER) % 500 = 1 THEN 500 ELSE NULL END, s.currency, s.order_id, s.id,
            'refund:order:' || s.order_id, 1, '{}', s.occurred_at, s.created_at
     FROM referrals s WHERE s.environment_id = ?1 AND s.status = 'refunded'`,
  )
    .bind(environmentId)
    .run();
  await env.DB.prepare('ANALYZE').run();
  const counts = await env.DB.prepare(
    `SELECT (SELECT count(*) FROM referrals WHERE environment_id = ?1) AS referrals,
            (SELECT count(*) FROM referrals WHERE environment_id = ?1 AND type = 'sale') AS sales,
            (SELECT count(*) FROM referrals WHERE environment_id = ?1 AND type = 'refund') AS refunds,
            (SELECT count(*) FROM rewards WHERE environment_id = ?1) AS rewards`,
  )
    .bind(environmentId)
    .first();
  return { ...counts, seedMs: Date.now() - started };
}

export default {
  async fetch(request, env, ctx) {
    const { pathname } = new URL(request.url);
    if (pathname === '/__bench/seed-stats' && request.method === 'POST') return json(await seed(env, await request.json()));
    return bench.fetch(request, env, ctx);
  },
  queue: bench.queue,
  scheduled: bench.scheduled,
};
