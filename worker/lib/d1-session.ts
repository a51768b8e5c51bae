import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../env';

/**
 * D1 read replication through the Sessions API (docs/deploying.md, "Reads near the reader").
 *
 * Every `/v1` request runs its queries in one D1 session, so they are sequentially consistent
 * with each other. A GET starts `first-unconstrained` (any replica may answer; the nearest one
 * does) unless the client sends the bookmark of an earlier answer in `Referrio-Bookmark`, in
 * which case D1 serves it from a copy at least that fresh: a client that carries the header reads
 * its own writes. Writes start `first-primary`. Every answer carries the session's latest
 * bookmark. The dashboard carries it; an API client that does not may read data a few seconds old
 * on a GET, never on a write. The campaign object, the queue consumer and the cron sweep write to
 * the primary outside any session.
 */
export const BOOKMARK_HEADER = 'referrio-bookmark';
const SAFE = new Set(['GET', 'HEAD']);
/** D1 bookmarks are short opaque strings; anything else is ignored rather than sent to D1. */
const BOOKMARK_FORMAT = /^[\x21-\x7e]{1,200}$/;

export const d1Session: MiddlewareHandler<AppEnv> = async (c, next) => {
  const sent = c.req.header(BOOKMARK_HEADER);
  const bookmark = sent && BOOKMARK_FORMAT.test(sent) ? sent : undefined;
  const session = c.env.DB.withSession(SAFE.has(c.req.method) ? (bookmark ?? 'first-unconstrained') : 'first-primary');
  // Drizzle needs only prepare() and batch(), which a session has.
  c.env = { ...c.env, DB: session as unknown as D1Database };
  await next();
  const latest = session.getBookmark();
  if (latest) {
    const res = new Response(c.res.body, c.res);
    res.headers.set(BOOKMARK_HEADER, latest);
    c.res = res;
  }
};
