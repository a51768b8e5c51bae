import { DurableObject } from 'cloudflare:workers';
import { composeCode, randomSuffix } from '../domain/codes';
import type { Bindings } from '../env';

const ATTEMPTS_PER_LENGTH = 8;
const MAX_SUFFIX_LENGTH = 24;

/**
 * One object per campaign. It owns the campaign's code registry in its own SQLite
 * storage: every method below runs synchronously against that storage, with no
 * outside I/O, so the input gate keeps calls from interleaving and two mints can
 * never hand out the same code.
 *
 * Storage (SQLite inside the object):
 *   codes(code TEXT PRIMARY KEY, created_at INTEGER) — every code minted or claimed here.
 */
export class CampaignObject extends DurableObject<Bindings> {
  constructor(ctx: DurableObjectState, env: Bindings) {
    super(ctx, env);
    ctx.storage.sql.exec('CREATE TABLE IF NOT EXISTS codes (code TEXT PRIMARY KEY, created_at INTEGER NOT NULL)');
  }

  /** A fresh random code with this prefix; lengthens the suffix if the space is crowded. */
  mint(prefix: string | null, suffixLength: number): string {
    for (let length = suffixLength; length <= MAX_SUFFIX_LENGTH; length++) {
      for (let attempt = 0; attempt < ATTEMPTS_PER_LENGTH; attempt++) {
        const code = composeCode(prefix, randomSuffix(length));
        if (this.#insert(code)) return code;
      }
    }
    throw new Error(`No free code for prefix ${prefix} up to ${MAX_SUFFIX_LENGTH} characters.`);
  }

  /** One code per prefix, in order: a bulk import mints a whole chunk in one call (one storage commit). */
  mintMany(prefixes: (string | null)[], suffixLength: number): string[] {
    return prefixes.map((prefix) => this.mint(prefix, suffixLength));
  }

  /** Reserves a caller-chosen code; false when this campaign already has it. */
  claim(code: string): boolean {
    return this.#insert(code);
  }

  /** Returns a reserved code that was never attached to a user (its insert lost a race). */
  release(code: string): void {
    this.ctx.storage.sql.exec('DELETE FROM codes WHERE code = ?', code);
  }

  #insert(code: string): boolean {
    const inserted = this.ctx.storage.sql.exec('INSERT INTO codes (code, created_at) VALUES (?, ?) ON CONFLICT DO NOTHING RETURNING code', code, Date.now());
    return inserted.toArray().length === 1;
  }
}
