import type { D1Migration } from 'cloudflare:test';
import type { Bindings } from '../worker/env';

declare global {
  namespace Cloudflare {
    interface Env extends Bindings {
      TEST_MIGRATIONS: D1Migration[];
      /** test/fixtures/vouchers-5k.csv: 5,000 distinct codes, 50 repeated once, 5 blank lines. */
      VOUCHERS_5K_CSV: string;
    }
    interface GlobalProps {
      mainModule: typeof import('../worker/index');
    }
  }
}
