import { defineConfig } from 'drizzle-kit';

// Flat `migrations/NNNN_name.sql` files: the layout both `wrangler d1 migrations apply`
// and the Vitest integration's `readD1Migrations` read.
export default defineConfig({
  dialect: 'sqlite',
  schema: './worker/db/schema.ts',
  out: './migrations',
});
