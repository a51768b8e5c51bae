#!/usr/bin/env node
// npm run db:backup                      the local D1 (.wrangler/state) → .wrangler/backups/referrio-<time>.sql
// npm run db:backup -- --remote          the deployed D1 (needs `wrangler login`)
// npm run db:backup -- --output file.sql
//
// A full SQL dump (schema + data) made by `wrangler d1 export`. Restore into an empty database
// with `wrangler d1 execute DB --remote --file <dump>` (README, "Backup and restore").
import { mkdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { log, root, wrangler } from './lib/local-worker.mjs';

const args = process.argv.slice(2);
const remote = args.includes('--remote');
const outputAt = args.indexOf('--output');
const stamp = new Date().toISOString().replace(/[:.]/g, '-');
const output = outputAt >= 0 ? args[outputAt + 1] : join(root, '.wrangler', 'backups', `referrio-${remote ? 'remote' : 'local'}-${stamp}.sql`);
mkdirSync(dirname(output), { recursive: true });
wrangler(['d1', 'export', 'DB', remote ? '--remote' : '--local', '--output', output]);
log(`backup written to ${relative(process.cwd(), output)}`);
