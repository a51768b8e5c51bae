import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';

const here = dirname(fileURLToPath(import.meta.url));

/** Issue 17: the widget must stay at most 15 KB gzipped; the build prints its size and fails past it. */
const BUDGET_BYTES = 15 * 1024;

function sizeBudget(): Plugin {
  return {
    name: 'referrio-widget-budget',
    apply: 'build',
    generateBundle(_options, bundle) {
      let total = 0;
      for (const file of Object.values(bundle)) if (file.type === 'chunk') total += gzipSync(file.code, { level: 9 }).length;
      const line = `widget.js: ${(total / 1024).toFixed(1)} KB gzipped (budget ${BUDGET_BYTES / 1024} KB)`;
      if (total > BUDGET_BYTES) this.error(line);
      console.log(`\n${line}`);
    },
  };
}

/**
 * The embeddable `<referrio-referral>` web component (docs/widget.md): one classic script, served
 * by the Worker at /v1/widget.js from the static assets. Built after the dashboard, whose build
 * empties dashboard/dist.
 */
export default defineConfig({
  root: here,
  plugins: [sizeBudget()],
  build: {
    outDir: resolve(here, '../dist/v1'),
    emptyOutDir: false,
    target: 'es2022',
    lib: { entry: resolve(here, 'src/index.ts'), formats: ['iife'], name: 'ReferrioWidget', fileName: () => 'widget.js' },
  },
});
