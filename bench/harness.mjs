/**
 * What the benchmarks share: settings from the environment, medians, the machine's
 * description, the production bundler run on a bench entry, and the D1 migrations.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { unstable_splitSqlQuery } from 'wrangler';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

export function positive(name, fallback) {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number`);
  return value;
}

export function list(name, fallback) {
  const raw = process.env[name];
  if (!raw) return fallback;
  const values = raw.split(',').map(Number);
  if (!values.every((v) => Number.isInteger(v) && v > 0)) throw new Error(`${name} must be a comma-separated list of positive integers`);
  return values;
}

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};
export const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
export const log = (line) => process.stderr.write(`${line}\n`);

/** A package's folder as Node resolves it (its exports may hide package.json and bin/). */
export function packageDir(pkg) {
  let dir = dirname(require.resolve(pkg));
  while (!existsSync(join(dir, 'package.json')) || JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).name !== pkg) {
    const up = dirname(dir);
    if (up === dir) throw new Error(`cannot find the folder of ${pkg}`);
    dir = up;
  }
  return dir;
}

/** `extraPackages`: more tools whose versions belong in the report (e.g. the load generator). */
export function machine(extraPackages = []) {
  const cpuinfo = existsSync('/proc/cpuinfo') ? readFileSync('/proc/cpuinfo', 'utf8') : '';
  const model = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1]?.trim() ?? os.cpus()[0]?.model ?? 'unknown';
  const version = (pkg) => JSON.parse(readFileSync(join(packageDir(pkg), 'package.json'), 'utf8')).version;
  return {
    cpu: model,
    cores: os.availableParallelism(),
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    wrangler: version('wrangler'),
    miniflare: version('miniflare'),
    workerd: version('workerd'),
    ...Object.fromEntries(extraPackages.map((pkg) => [pkg, version(pkg)])),
    loadAverageAtStart: os.loadavg().map((x) => Number(x.toFixed(2))),
  };
}

/**
 * The production bundler (wrangler's esbuild pipeline), without deploying anything. The
 * build config is written to the temp dir: bench/worker.mjs as entry, and the production
 * config's settings that change the bundle. (Building with the production config itself would
 * need dashboard/dist, which the bench does not use.)
 */
export function build(config, dir, { name, entry, output }) {
  const started = performance.now();
  const buildConfig = { name, main: entry };
  for (const key of ['compatibility_date', 'compatibility_flags', 'define', 'alias', 'rules', 'minify', 'keep_names']) {
    if (config[key] !== undefined) buildConfig[key] = config[key];
  }
  if (config.tsconfig) buildConfig.tsconfig = resolve(root, config.tsconfig);
  mkdirSync(dir, { recursive: true });
  const buildConfigPath = join(dir, 'wrangler.json');
  writeFileSync(buildConfigPath, JSON.stringify(buildConfig, null, 2));
  const outDir = join(dir, 'out');
  const result = spawnSync(
    process.execPath,
    [join(packageDir('wrangler'), 'bin', 'wrangler.js'), 'deploy', '--dry-run', '--config', buildConfigPath, '--outdir', outDir],
    { cwd: dir, encoding: 'utf8', env: { ...process.env, WRANGLER_SEND_METRICS: 'false' } },
  );
  if (result.status !== 0) throw new Error(`wrangler build failed:\n${result.stdout}\n${result.stderr}`);
  const script = join(outDir, output);
  if (!existsSync(script)) throw new Error(`wrangler build wrote no ${script}`);
  log(`built ${script} in ${Math.round(performance.now() - started)} ms`);
  return script;
}

export function migrationStatements(config) {
  const db = config.d1_databases.find((d) => d.binding === 'DB');
  if (!db) throw new Error('wrangler.toml has no D1 binding named DB');
  const dir = resolve(root, db.migrations_dir ?? 'migrations');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .sort()
    .flatMap((f) => unstable_splitSqlQuery(readFileSync(join(dir, f), 'utf8')));
}

