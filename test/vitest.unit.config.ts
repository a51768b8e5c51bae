import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * The fast inner loop (`npm run check`): pure-logic tests (worker/domain, the dashboard's CSV
 * helpers) in plain Node, no workerd. The same files also run in the full suite
 * (test/vitest.config.ts), so this config adds speed, not coverage.
 */
export default defineConfig({
  test: {
    root,
    include: ['test/domain/**/*.test.ts', 'test/dashboard/**/*.test.ts'],
    environment: 'node',
  },
});
