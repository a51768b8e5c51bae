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
        // Suites fire thousands of requests with one key within a minute; test/lib/rate-limit.test.ts
        // checks the limiter itself at a low limit.
        miniflare: { bindings: { TEST_MIGRATIONS: migrations, RATE_LIMIT_PER_MINUTE: '1000000', REDIRECT_RATE_LIMIT_PER_MINUTE: '1000000', BEACON_RATE_LIMIT_PER_MINUTE: '1000000' } },
      }),
    ],
    test: {
      root,
      include: ['test/**/*.test.ts'],
      setupFiles: ['test/setup.ts'],
      testTimeout: 60_000,
      hookTimeout: 60_000,
    },
  };
});
