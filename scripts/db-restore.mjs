#!/usr/bin/env node
// npm run db:restore -- <dump.sql>             into the local D1 (.wrangler/state), which must be empty
// npm run db:restore -- <dump.sql> --remote    into the deployed D1 (create a fresh one first)
//
// `wrangler d1 export` writes each table's rows right after its CREATE TABLE, so a row can
// arrive before the table its foreign key points at exists, and `wrangler d1 execute --file`
// fails ("no such table"). This reorders the dump — every CREATE TABLE, then every INSERT
// (foreign keys deferred), then indexes and the rest — and runs it with `wrangler d1 execute`.
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { log, wrangler } from './lib/local-worker.mjs';

/** The dump's statements in an order D1 can replay. */
export async function restorable(sql) {
  const { unstable_splitSqlQuery } = await import('wrangler');
  const statements = unstable_splitSqlQuery(sql).map((s) => s.trim().replace(/;$/, '')).filter(Boolean);
  const kind = (s) => (/^PRAGMA/i.test(s) ? 0 : /^CREATE TABLE/i.test(s) ? 1 : /^INSERT/i.test(s) ? 2 : 3);
  const ordered = statements.map((s, i) => [kind(s), i, s]).sort((a, b) => a[0] - b[0] || a[1] - b[1]).map(([, , s]) => s);
  if (!ordered.some((s) => /^PRAGMA defer_foreign_keys/i.test(s))) ordered.unshift('PRAGMA defer_foreign_keys=TRUE');
  return `${ordered.join(';\n')};\n`;
}

/** Restores `dump` with wrangler; `config` picks another wrangler config (the drill's). */
export async function restore(dump, { remote = false, config } = {}) {
  const file = join(tmpdir(), `referrio-restore-${process.pid}.sql`);
  writeFileSync(file, await restorable(readFileSync(dump, 'utf8')));
  wrangler(['d1', 'execute', 'DB', remote ? '--remote' : '--local', '--file', file, ...(remote ? ['--yes'] : [])], config ? { config } : undefined);
  return file;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const dump = args.find((a) => !a.startsWith('--'));
  if (!dump) throw new Error('usage: npm run db:restore -- <dump.sql> [--remote]');
  await restore(dump, { remote: args.includes('--remote') });
  log(`restored ${dump}`);
}
