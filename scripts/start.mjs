#!/usr/bin/env node
// Local start: bootstrap a demo workspace on an empty local D1, print its credentials, run `wrangler dev`.
//
//   node scripts/start.mjs              bootstrap if needed, print the banner, run wrangler dev on :8787
//   node scripts/start.mjs --bootstrap  bootstrap if needed and print the credentials, then exit
//
// Run it through npm (`npm start`, `npm run bootstrap`): wrangler needs Node >= 22, which npm scripts
// provide from node_modules/.bin. The workspace is created by the worker's own TypeScript service
// (worker/services/access/workspaces.ts), bundled on the fly with esbuild (already installed with wrangler)
// and run against the same on-disk state wrangler dev uses (.wrangler/state), via getPlatformProxy.

import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const PORT = 8787;
const HOST = '127.0.0.1';
const BASE_URL = `http://localhost:${PORT}`;
const CREDENTIALS_FILE = join(root, '.wrangler', 'demo-credentials.json');
// The demo shop embedding the referral widget, on another origin (scripts/lib/demo-shop.mjs).
const DEMO_SHOP_PORT = 8788;
// First-run setup needs the deployment's SETUP_TOKEN secret; locally it lives here (or in the env).
const SETUP_TOKEN_FILE = join(root, '.wrangler', 'setup-token');
const DEMO = { name: 'Demo shop', landingUrl: 'https://shop.example.com/', email: 'admin@demo.local' };

const bold = (s) => (process.stdout.isTTY ? `\x1b[1m${s}\x1b[22m` : s);

/** Bundles the worker services the bootstrap needs into a temporary ES module and imports it. */
async function loadWorkerServices() {
  const esbuild = await import('esbuild');
  const outfile = join(root, '.wrangler', 'tmp', `bootstrap-${process.pid}.mjs`);
  await esbuild.build({
    stdin: {
      contents: [
        "export { getDb } from './worker/db/client';",
        "export { workspaces } from './worker/db/schema';",
        "export { createWorkspace } from './worker/services/access/workspaces';",
      ].join('\n'),
      resolveDir: root,
      sourcefile: 'bootstrap-entry.ts',
      loader: 'ts',
    },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    packages: 'external', // resolved from the project's node_modules (the outfile lives under the root)
    outfile,
    logLevel: 'warning',
  });
  await esbuild.stop();
  try {
    return await import(pathToFileURL(outfile).href);
  } finally {
    await rm(outfile, { force: true });
  }
}

async function readCredentials() {
  try {
    return JSON.parse(await readFile(CREDENTIALS_FILE, 'utf8'));
  } catch {
    return null;
  }
}

/**
 * Creates the demo workspace when the local database has none. Returns the stored credentials
 * (or null when the database was bootstrapped elsewhere and the plaintext secrets are unknown).
 */
async function bootstrap() {
  const { getPlatformProxy, unstable_readConfig } = await import('wrangler');
  const { getDb, workspaces, createWorkspace } = await loadWorkerServices();
  // The proxy only needs D1. Given the full wrangler.toml it would also warn that the Durable Object
  // class is missing (it lives in the worker, which the proxy does not run), so hand it a config with
  // just the D1 databases, on the same on-disk state as `wrangler dev` (.wrangler/state/v3).
  const config = unstable_readConfig({ config: join(root, 'wrangler.toml') }, { hideWarnings: true });
  const proxyConfig = join(root, '.wrangler', 'tmp', `bootstrap-wrangler-${process.pid}.json`);
  await mkdir(dirname(proxyConfig), { recursive: true });
  await writeFile(
    proxyConfig,
    JSON.stringify({
      name: config.name,
      compatibility_date: config.compatibility_date,
      compatibility_flags: config.compatibility_flags,
      d1_databases: config.d1_databases,
    }),
  );
  const proxy = await getPlatformProxy({
    configPath: proxyConfig,
    persist: { path: join(root, '.wrangler', 'state', 'v3') },
    remoteBindings: false,
  }).finally(() => rm(proxyConfig, { force: true }));
  try {
    const db = getDb(proxy.env);
    const existing = await db.select({ id: workspaces.id }).from(workspaces).all();
    if (existing.length > 0) {
      const credentials = await readCredentials();
      if (credentials && existing.some((w) => w.id === credentials.workspaceId)) {
        return { created: false, credentials };
      }
      return { created: false, credentials: null };
    }
    const password = randomBytes(12).toString('base64url');
    const ws = await createWorkspace(db, {
      name: DEMO.name,
      landingUrl: DEMO.landingUrl,
      admin: { email: DEMO.email, password },
    });
    const credentials = {
      workspaceId: ws.workspaceId,
      workspaceName: DEMO.name,
      admin: { email: DEMO.email, password },
      test: { environmentId: ws.test.environmentId, campaignId: ws.test.campaignId, apiKey: ws.test.adminKey },
      live: { environmentId: ws.live.environmentId, campaignId: ws.live.campaignId, apiKey: ws.live.adminKey },
      createdAt: new Date().toISOString(),
    };
    await mkdir(dirname(CREDENTIALS_FILE), { recursive: true });
    await writeFile(CREDENTIALS_FILE, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600 });
    return { created: true, credentials };
  } finally {
    await proxy.dispose();
  }
}

/** The local setup token: $SETUP_TOKEN, else the one kept in .wrangler/setup-token (made once). */
async function setupToken() {
  if (process.env.SETUP_TOKEN) return process.env.SETUP_TOKEN;
  try {
    const kept = (await readFile(SETUP_TOKEN_FILE, 'utf8')).trim();
    if (kept) return kept;
  } catch {
    // not made yet
  }
  const token = randomBytes(24).toString('base64url');
  await mkdir(dirname(SETUP_TOKEN_FILE), { recursive: true });
  await writeFile(SETUP_TOKEN_FILE, `${token}\n`, { mode: 0o600 });
  return token;
}

function banner({ created, credentials }, token, running = true) {
  const line = '─'.repeat(72);
  const out = ['', line];
  if (!credentials) {
    out.push(
      running ? `${bold('Referrio')} is running on ${BASE_URL}` : `${bold('Referrio')} local database is ready`,
      '',
      'The local database already has a workspace, but its credentials are not in',
      `${relative(root, CREDENTIALS_FILE)} (only hashes are stored in the database).`,
      `To start over with a fresh demo workspace: rm -rf .wrangler/state && npm start`,
      '',
      `  Setup token     ${token}`,
    );
  } else {
    const c = credentials;
    out.push(
      `${bold('Referrio')} ${running ? 'is running' : 'local demo'}  ${created ? '(demo workspace created)' : '(existing demo workspace)'}`,
      '',
      `  Dashboard       ${BASE_URL}/`,
      `  API reference   ${BASE_URL}/docs`,
      ...(c.demoShopUrl ? [`  Demo shop       ${c.demoShopUrl}  (the referral widget for a demo customer)`] : []),
      '',
      `  Workspace       ${c.workspaceName} (${c.workspaceId})`,
      `  Admin login     ${c.admin.email}`,
      `  Admin password  ${c.admin.password}`,
      `  Test API key    ${c.test.apiKey}`,
      `  Live API key    ${c.live.apiKey}`,
      `  Setup token     ${token}  (first-run setup on an empty database)`,
      '',
      running ? 'For the README examples, in another terminal:' : 'For the README examples (after npm start):',
      '',
      `  export REFERRIO_API_KEY=${c.test.apiKey}`,
      '',
      `Saved in ${relative(root, CREDENTIALS_FILE)}; printed again on every npm start.`,
    );
  }
  out.push(line, '');
  console.log(out.join('\n'));
}

/** Resolves once the dev server answers (or after `timeoutMs`), so the banner follows wrangler's output. */
async function waitForServer(child, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && child.exitCode === null && child.signalCode === null) {
    try {
      await fetch(`http://${HOST}:${PORT}/docs`, { signal: AbortSignal.timeout(2_000) });
      return true;
    } catch {
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  return false;
}

async function main() {
  const bootstrapOnly = process.argv.includes('--bootstrap');
  if (!existsSync(join(root, 'dashboard', 'dist', 'index.html'))) {
    console.warn('warning: dashboard/dist is missing; run `npm run build` (npm start does).');
  }
  const result = await bootstrap();
  const token = await setupToken();
  if (bootstrapOnly) {
    banner(result, token, false);
    return;
  }

  const wrangler = join(dirname(require.resolve('wrangler/package.json')), 'bin', 'wrangler.js');
  const child = spawn(process.execPath, [wrangler, 'dev', '--port', String(PORT), '--ip', HOST, '--var', 'APP_ENV:development', '--var', `SETUP_TOKEN:${token}`], {
    cwd: root,
    stdio: 'inherit',
  });
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    });
  }
  // `kill <npm pid>` ends npm's `sh -c` without passing the signal on: stop wrangler when orphaned.
  const parent = process.ppid;
  const orphanWatch = setInterval(() => {
    if (process.ppid !== parent && child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  }, 1_000);
  orphanWatch.unref();
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  child.on('error', (err) => {
    console.error(`Could not start wrangler dev: ${err.message}`);
    process.exit(1);
  });

  if (await waitForServer(child)) {
    if (result.credentials) {
      try {
        const { startDemoShop } = await import('./lib/demo-shop.mjs');
        const shop = await startDemoShop({ apiBase: BASE_URL, adminKey: result.credentials.test.apiKey, port: DEMO_SHOP_PORT });
        result.credentials.demoShopUrl = shop.url;
      } catch (err) {
        console.warn(`The demo shop did not start: ${err.message}`);
      }
    }
    banner(result, token);
  }
  const { code, signal } = await exited;
  process.exit(code ?? (signal ? 128 + ({ SIGINT: 2, SIGTERM: 15 }[signal] ?? 1) : 0));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
