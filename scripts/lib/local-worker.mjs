/**
 * The production Worker, built the way `wrangler deploy` builds it (`--dry-run --outdir`), run
 * in workerd through Miniflare's API with the production bindings and static assets, on a
 * fresh temporary store and a free port in 9600–9699. For the Node-side checks: OpenAPI
 * export, Postman/Newman, security headers, bundle size.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const configPath = join(root, 'wrangler.toml');
export const log = (line) => process.stderr.write(`${line}\n`);

/** `wrangler deploy --dry-run --outdir`: the exact bundle a deploy would upload, and its sizes. */
export const WRANGLER = join(root, 'node_modules', 'wrangler', 'bin', 'wrangler.js');

/** Runs wrangler (with this project's config unless told); throws with its output when it fails. */
export function wrangler(args, { config = configPath } = {}) {
  const result = spawnSync(process.execPath, [WRANGLER, ...args, '--config', config], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CI: '1' },
  });
  if (result.status !== 0) throw new Error(`wrangler ${args.join(' ')} failed:\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

export function dryRunDeploy(outDir) {
  const wrangler = WRANGLER;
  const result = spawnSync(process.execPath, [wrangler, 'deploy', '--dry-run', '--outdir', outDir, '--config', configPath], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false' },
  });
  if (result.status !== 0) throw new Error(`wrangler deploy --dry-run failed:\n${result.stdout}\n${result.stderr}`);
  const files = readdirSync(outDir).filter((f) => /\.(m?js|wasm)$/.test(f));
  const bytes = files.reduce((sum, f) => sum + statSync(join(outDir, f)).size, 0);
  const gzipBytes = files.reduce((sum, f) => sum + gzipSync(readFileSync(join(outDir, f)), { level: 9 }).length, 0);
  const main = files.find((f) => f === 'index.js') ?? files[0];
  return { scriptPath: join(outDir, main), bytes, gzipBytes, stdout: result.stdout };
}

async function portIsFree(port) {
  return new Promise((done) => {
    const server = createServer();
    server.once('error', () => done(false));
    server.listen(port, '127.0.0.1', () => server.close(() => done(true)));
  });
}

export async function freePort(from = 9600, to = 9699) {
  const start = from + Math.floor(Math.random() * (to - from + 1));
  for (let i = 0; i <= to - from; i++) {
    const port = from + ((start - from + i) % (to - from + 1));
    if (await portIsFree(port)) return port;
  }
  throw new Error(`no free port in ${from}-${to}`);
}

/** The worker's own createWorkspace(), bundled for Node (as scripts/start.mjs does). */
export async function loadWorkspaceService(dir) {
  const esbuild = await import('esbuild');
  const outfile = join(dir, 'workspace-service.mjs');
  await esbuild.build({
    stdin: {
      contents: "export { getDb } from './worker/db/client';\nexport { createWorkspace } from './worker/services/access/workspaces';\n",
      resolveDir: root,
      sourcefile: 'workspace-entry.ts',
      loader: 'ts',
    },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    outfile,
    logLevel: 'warning',
  });
  await esbuild.stop();
  return import(pathToFileURL(outfile).href);
}

/**
 * Starts the Worker. Returns its origin, a demo workspace's admin keys when `bootstrap` is set,
 * the bundle's sizes, the Miniflare instance (for D1 access) and `stop()`.
 */
export async function startLocalWorker({ bootstrap = false, bindings = {}, stateDir = null, migrate = true } = {}) {
  const { Miniflare, convertV4MiniflareOptions } = await import('miniflare');
  const { unstable_getMiniflareWorkerOptions, unstable_splitSqlQuery, unstable_readConfig } = await import('wrangler');
  const dir = mkdtempSync(join(tmpdir(), 'referrio-local-'));
  const bundle = dryRunDeploy(join(dir, 'out'));
  const { modulesRules: _rules, ...options } = unstable_getMiniflareWorkerOptions(configPath).workerOptions;
  const port = await freePort();
  const mf = new Miniflare(
    convertV4MiniflareOptions({
      ...options,
      // Local: http://localhost landing URLs and local receivers are allowed (wrangler.toml says production).
      bindings: { ...options.bindings, APP_ENV: 'development', ...bindings },
      name: 'referrio-local',
      modules: true,
      scriptPath: bundle.scriptPath,
      modulesRoot: dirname(bundle.scriptPath),
      host: '127.0.0.1',
      port,
      // `wrangler … --persist-to X` keeps its state in X/v3: the same layout, so both can share it.
      resourcePersistencePath: stateDir ? join(stateDir, 'v3') : join(dir, 'state'),
      cf: false,
    }),
  );
  const origin = (await mf.ready).origin;
  const stop = async () => {
    await mf.dispose();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const db = await mf.getD1Database('DB');
    const config = unstable_readConfig({ config: configPath }, { hideWarnings: true });
    const migrationsDir = resolve(root, config.d1_databases.find((d) => d.binding === 'DB').migrations_dir ?? 'migrations');
    for (const file of migrate ? readdirSync(migrationsDir).filter((f) => f.endsWith('.sql')).sort() : []) {
      const statements = unstable_splitSqlQuery(readFileSync(join(migrationsDir, file), 'utf8'));
      await db.batch(statements.map((s) => db.prepare(s)));
    }
    let workspace = null;
    if (bootstrap) {
      const { getDb, createWorkspace } = await loadWorkspaceService(dir);
      workspace = await createWorkspace(getDb({ DB: db }), { name: 'Local check', landingUrl: 'https://shop.example.com/' });
    }
    return { origin, port, mf, workspace, bundle, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
