import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-plugin';
import { defineConfig } from 'vitest/config';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export default defineConfig(async () => {
  const migrations = await readD1Migrations(resolve(root, 'migrations'));
  // Fixtures live in the repository (test/fixtures/), byte for byte as supplied.
  const vouchers5k = readFileSync(resolve(root, 'test/fixtures/vouchers-5k.csv'), 'utf8');
  return {
    plugins: [
      cloudflareTest({
        wrangler: { configPath: resolve(root, 'wrangler.toml') },
        // A 1 s webhook receiver timeout instead of 15 s, so the "hang" test waits one second.
        // Suites fire thousands of requests with one key within a minute; test/lib/rate-limit.test.ts
        // checks the limiter itself at a low limit.
        miniflare: {
          bindings: {
            TEST_MIGRATIONS: migrations,
            // wrangler.toml says production; tests run as local development does (local receivers).
            APP_ENV: 'development',
            VOUCHERS_5K_CSV: vouchers5k,
            WEBHOOK_TIMEOUT_MS: '1000',
            // The engine's model-based property test: scenarios per run and a seed to replay (test/model/).
            ENGINE_RUNS: process.env.ENGINE_RUNS ?? '',
            ENGINE_SEED: process.env.ENGINE_SEED ?? '',
            ENGINE_SHRINK: process.env.ENGINE_SHRINK ?? '',
            RATE_LIMIT_PER_MINUTE: '1000000',
            REDIRECT_RATE_LIMIT_PER_MINUTE: '1000000',
            BEACON_RATE_LIMIT_PER_MINUTE: '1000000',
            // First-run setup needs the deployment's setup token (test/routes/auth-setup.test.ts).
            SETUP_TOKEN: 'test-setup-token',
          },
        },
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
