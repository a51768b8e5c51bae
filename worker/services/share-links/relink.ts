import type { Bindings } from '../../env';
import { sendMessages, type WebhookMessage } from '../../outbox/messages';
import { campaignFromDb, codeKey, codeOwners, linksOfPrefix, putCampaign, rewriteCode } from './link-records';

/**
 * The relink: after a campaign changes, every code record KV holds for it (its `links-of:` index)
 * is rewritten with the campaign's current record, a page per queue message, each page queuing
 * the next. The user part comes from D1 too, so a record never outlives its user's deletion by
 * more than one relink. Idempotent: a retried or duplicated page writes the same records again.
 */
type RelinkMessage = Extract<WebhookMessage, { kind: 'relink' }>;

/** Index keys per page: about one KV write each, plus a D1 query per 100 codes. */
export const RELINK_PAGE = 250;
/**
 * Pages per queue invocation, which may make 1,000 calls to Cloudflare services (and shares them
 * with the batch's webhook work): the batch's other relink pages go back on the queue as new
 * messages, so waiting costs them none of their retries.
 */
const RELINK_PAGES_PER_BATCH = 2;

export async function consumeRelinks(messages: readonly Message<WebhookMessage>[], env: Bindings): Promise<void> {
  const seen = new Set<string>();
  const later: Message<WebhookMessage>[] = [];
  let pages = 0;
  for (const message of messages) {
    const body = message.body as RelinkMessage;
    const page = `${body.campaignId} ${body.cursor}`;
    if (seen.has(page)) {
      message.ack();
      continue;
    }
    seen.add(page);
    if (pages++ >= RELINK_PAGES_PER_BATCH) {
      later.push(message);
      continue;
    }
    try {
      await relinkPage(env, body);
      message.ack();
    } catch (err) {
      console.error(JSON.stringify({ level: 'error', message: 'relink page failed; retrying it', body, error: String(err) }));
      message.retry();
    }
  }
  if (!later.length) return;
  try {
    await sendMessages(env.WEBHOOK_QUEUE, later.map((m) => ({ body: m.body })));
    for (const m of later) m.ack();
  } catch {
    for (const m of later) m.retry();
  }
}

/** Rewrites one page of the campaign's code records from `cursor` (null: the first, which also writes the campaign's record). */
export async function relinkPage(env: Bindings, { campaignId, cursor }: RelinkMessage): Promise<void> {
  const campaign = await campaignFromDb(env, campaignId);
  if (!campaign) return;
  const prefix = linksOfPrefix(campaignId);
  const [page] = await Promise.all([
    env.LINKS.list({ prefix, cursor: cursor ?? undefined, limit: RELINK_PAGE }),
    cursor === null ? putCampaign(env, campaign) : undefined,
  ]);
  const codes = page.keys.map((key) => key.name.slice(prefix.length));
  const owners = await codeOwners(env, codes);
  const now = Date.now();
  await Promise.all(
    page.keys.map((key, i) => {
      const code = codes[i] as string;
      const owner = owners.get(code);
      // Not this campaign's code: only the index entry goes (a record of another campaign stays).
      if (owner && owner.campaignId !== campaignId) return env.LINKS.delete(key.name);
      // No such user, or deleted: the record goes too, as invalidateCode does.
      if (!owner || owner.deletedAt !== null) return Promise.all([env.LINKS.delete(key.name), env.LINKS.delete(codeKey(code))]);
      return rewriteCode(env, code, { userId: owner.userId, environmentId: owner.environmentId, deleted: false, campaign }, key.expiration, now);
    }),
  );
  if (!page.list_complete) await sendMessages(env.WEBHOOK_QUEUE, [{ body: { kind: 'relink', campaignId, cursor: page.cursor } }]);
}
