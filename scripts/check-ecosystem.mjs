#!/usr/bin/env node
// The developer-facing checks `npm test` runs after the workerd suite, against the production
// build (run `npm run build` first: it writes the files checked here):
//
//   1. the OpenAPI document lints clean with Redocly (scripts/redocly.yaml, no warnings)
//   2. `wrangler deploy --dry-run` bundles the Worker; its gzipped size stays far under 3 MB
//   3. the Postman collection runs in Newman against the local Worker: every request answers
//      below 500, every error is a problem document
//   4. static assets, the SPA fallback and /docs carry the security headers
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { log, root, startLocalWorker } from './lib/local-worker.mjs';

const require = createRequire(import.meta.url);
const FREE_PLAN_LIMIT = 3 * 1024 * 1024;
const docPath = join(root, 'dashboard', 'dist', 'v1', 'openapi.json');
const collectionPath = join(root, 'dashboard', 'dist', 'v1', 'postman.json');
const failures = [];
const check = (ok, message) => {
  if (!ok) failures.push(message);
};

if (!existsSync(docPath) || !existsSync(collectionPath)) throw new Error('dashboard/dist/v1 has no openapi.json/postman.json: run `npm run build` first');

// 1. Redocly
const lint = spawnSync(process.execPath, [require.resolve('@redocly/cli/bin/cli.js'), 'lint', docPath, '--config', join(root, 'scripts', 'redocly.yaml'), '--format=json'], {
  cwd: root,
  encoding: 'utf8',
  env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
});
const lintReport = JSON.parse(lint.stdout.slice(lint.stdout.indexOf('{')));
check(lint.status === 0 && lintReport.totals.errors === 0 && lintReport.totals.warnings === 0, `Redocly: ${JSON.stringify(lintReport.totals)} ${lintReport.problems?.map((p) => `${p.ruleId}: ${p.message}`).join('; ')}`);
log(`redocly lint: ${lintReport.totals.errors} errors, ${lintReport.totals.warnings} warnings, ${lintReport.totals.ignored} ignored on purpose`);

const worker = await startLocalWorker({ bootstrap: true });
try {
  // 2. Bundle size (startLocalWorker built it with `wrangler deploy --dry-run --outdir`)
  const { bytes, gzipBytes } = worker.bundle;
  log(`worker bundle: ${(bytes / 1024).toFixed(0)} KiB, ${(gzipBytes / 1024).toFixed(0)} KiB gzipped (free plan limit 3 MiB gzipped)`);
  check(gzipBytes < FREE_PLAN_LIMIT / 2, `bundle is ${gzipBytes} bytes gzipped, over half the free plan's limit`);

  // 3. Newman
  const newman = require('newman');
  const collection = JSON.parse(readFileSync(collectionPath, 'utf8'));
  const summary = await new Promise((done, fail) =>
    newman.run(
      {
        collection,
        envVar: [
          { key: 'baseUrl', value: worker.origin },
          { key: 'apiKey', value: worker.workspace.test.adminKey },
        ],
        reporters: [],
        timeoutRequest: 30_000,
      },
      (err, result) => (err ? fail(err) : done(result)),
    ),
  );
  const stats = summary.run.stats;
  log(`newman: ${stats.requests.total} requests, ${stats.assertions.total} assertions, ${stats.assertions.failed} failed`);
  check(stats.requests.total >= 20, `newman ran only ${stats.requests.total} requests`);
  for (const f of summary.run.failures) check(false, `newman: ${f.source?.name ?? '?'}: ${f.error?.message}`);

  // 4. Security headers and the collection's own URL
  const needs = { 'content-security-policy': /frame-ancestors 'none'/, 'x-content-type-options': /^nosniff$/, 'referrer-policy': /./ };
  for (const path of ['/', '/some/dashboard/page', '/vendor/swagger-ui/init.js', '/docs', '/v1/openapi.json']) {
    const res = await fetch(worker.origin + path);
    await res.arrayBuffer();
    check(res.status === 200, `${path} answered ${res.status}`);
    for (const [name, pattern] of Object.entries(needs)) check(pattern.test(res.headers.get(name) ?? ''), `${path}: ${name} is ${res.headers.get(name)}`);
  }
  const served = await fetch(`${worker.origin}/v1/postman.json`);
  check(served.status === 200 && (await served.json()).info?.schema?.includes('v2.1'), `/v1/postman.json answered ${served.status}`);
} finally {
  await worker.stop();
}

if (failures.length) {
  log(`\n${failures.length} ecosystem check(s) failed:\n  ${failures.join('\n  ')}`);
  process.exit(1);
}
log('ecosystem checks passed');
