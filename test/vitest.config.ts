import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-plugin';
import { defineConfig } from 'vitest/config';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export default defineConfig(async () => {
  const migrations = await readD1Migrations(resolve(root, 'migrations'));
  return {
    plugins: [
      cloudflareTest({
        wrangler: { configPath: resolve(root, 'wrangler.toml') },
        // A 1 s receiver timeout instead of 15 s, so the "hang" test waits one second.
        miniflare: { bindings: { TEST_MIGRATIONS: migrations, WEBHOOK_TIMEOUT_MS: '1000' } },
      }),
    ],
    test: {
      root,
      include: ['test/**/*.test.ts'],
      setupFiles: ['test/setup.ts'],
      // The real webhook receiver (Node), whose URL the tests get with inject('receiverUrl').
      globalSetup: ['test/global-setup.ts'],
      testTimeout: 60_000,
      hookTimeout: 60_000,
    },
  };
});
