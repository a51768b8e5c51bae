// Runs the built Worker under `wrangler dev` on a free port, on a fresh on-disk state with migrations applied.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const wrangler = join(root, 'node_modules', 'wrangler', 'bin', 'wrangler.js');

function portFree(port) {
  return new Promise((resolve) => {
    const s = createServer()
      .once('error', () => resolve(false))
      .once('listening', () => s.close(() => resolve(true)))
      .listen(port, '127.0.0.1');
  });
}

export async function freePorts(n, from = 9500, to = 9599) {
  const found = [];
  // Start at a random offset so parallel runs rarely race for the same port.
  const span = to - from + 1;
  const start = Math.floor(Math.random() * span);
  for (let i = 0; i < span && found.length < n; i++) {
    const port = from + ((start + i) % span);
    if (await portFree(port)) found.push(port);
  }
  if (found.length < n) throw new Error(`no free ports in ${from}-${to}`);
  return found;
}

/** First-run setup's secret for this run's Worker (the setup page asks for it). */
export const SETUP_TOKEN = `e2e-${randomBytes(12).toString('hex')}`;

export async function startWorker() {
  const persist = mkdtempSync(join(tmpdir(), 'referrio-e2e-'));
  const migrate = spawnSync(process.execPath, [wrangler, 'd1', 'migrations', 'apply', 'DB', '--local', '--persist-to', persist], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, CI: '1' },
  });
  if (migrate.status !== 0) throw new Error(`migrations failed:\n${migrate.stdout}\n${migrate.stderr}`);

  const [port, inspector] = await freePorts(2);
  const child = spawn(
    process.execPath,
    [wrangler, 'dev', '--port', String(port), '--ip', '127.0.0.1', '--inspector-port', String(inspector), '--persist-to', persist, '--show-interactive-dev-session=false', '--var', 'APP_ENV:development', '--var', `SETUP_TOKEN:${SETUP_TOKEN}`],
    { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], detached: true, env: { ...process.env, CI: '1' } },
  );
  let log = '';
  child.stdout.on('data', (d) => (log += d));
  child.stderr.on('data', (d) => (log += d));
  const baseUrl = `http://localhost:${port}`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited:\n${log}`);
    try {
      const res = await fetch(`${baseUrl}/v1/auth/setup`, { signal: AbortSignal.timeout(2_000) });
      if (res.ok) break;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`wrangler dev did not answer within 90 s:\n${log}`);
    await new Promise((r) => setTimeout(r, 500));
  }
  return {
    baseUrl,
    log: () => log,
    async stop() {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        // already gone
      }
      await new Promise((r) => (child.exitCode !== null ? r() : child.once('exit', r)));
      rmSync(persist, { recursive: true, force: true });
    },
  };
}
