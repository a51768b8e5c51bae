import { count, eq, inArray, lt, sql } from 'drizzle-orm';
import { customAlphabet } from 'nanoid';
import type { Db } from '../../db/client';
import { admins, loginAttempts, sessions } from '../../db/schema';
import { sha256Hex, verifyPassword } from '../../lib/crypto';
import { findSession, SESSION_TTL_SECONDS } from '../../lib/session-lookup';
import { uniqueViolation } from '../../lib/db-errors';
import { conflict, tooManyRequests, unauthorized } from '../../lib/errors';
import { createWorkspace } from './workspaces';

/** Sign-in attempts allowed per (email, IP) in one window; the attempt is counted before the password is checked. */
export const MAX_LOGIN_ATTEMPTS = 5;
export const LOGIN_WINDOW_SECONDS = 15 * 60;
/**
 * Per account, whatever the address: this many failures in a window are free; each one after
 * sets a delay before the account's next attempt, doubling from 1 s up to ACCOUNT_DELAY_CAP_MS.
 * Attempts refused during a delay are not counted and do not extend it, so guessers from many
 * addresses get about one try a minute, and the admin waits at most a minute: never a lockout.
 */
export const ACCOUNT_FREE_FAILURES = 10;
export const ACCOUNT_DELAY_CAP_MS = 60_000;

const secret = customAlphabet('0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz', 43);

/**
 * Verifying an unknown email against this costs what a wrong password costs: the same PBKDF2,
 * with nothing hashed first (a decoy hashed on first use made that one sign-in slower). No
 * password derives to it; the iteration count must follow hashPassword's.
 */
export const DECOY_HASH = 'pbkdf2-sha256$100000$be325c48c70949ca2413e799a4085577$c7bf28d1edea8be192a6e30c0ee555e9f88e859376f74492141f5073412fb51a';

const alreadySetUp = () => conflict('already-set-up', 'Already set up', 'This instance already has an admin. Sign in instead.');

export async function setupRequired(db: Db): Promise<boolean> {
  const [row] = await db.select({ n: count() }).from(admins);
  return (row?.n ?? 0) === 0;
}

/** First-run setup: only while the instance has no admin at all. */
export async function setup(db: Db, input: { workspace_name: string; email: string; password: string }) {
  if (!(await setupRequired(db))) {
    throw alreadySetUp();
  }
  let ws: Awaited<ReturnType<typeof createWorkspace>>;
  try {
    ws = await createWorkspace(db, { name: input.workspace_name, admin: { email: input.email, password: input.password }, claimInstance: true });
  } catch (err) {
    // Another setup won the race between our check and our batch; the batch rolled back whole.
    if (uniqueViolation(err)) throw alreadySetUp();
    throw err;
  }
  const admin = await db.select().from(admins).where(eq(admins.workspaceId, ws.workspaceId)).get();
  if (!admin) throw new Error('setup: admin row missing after insert');
  return openSession(db, admin.id);
}

/**
 * Whom sign-in attempts are counted against: an IPv4 address, or an IPv6 address's /64. One
 * host is usually given a whole /64, so counting single IPv6 addresses would let it rotate
 * through unlimited guesses.
 */
export function addressBucket(ip: string): string {
  if (!ip.includes(':')) return ip;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return mapped[1] as string;
  const [head = '', tail] = ip.toLowerCase().split('::');
  const left = head ? head.split(':') : [];
  const right = tail === undefined ? [] : tail ? tail.split(':') : [];
  const groups = tail === undefined ? left : [...left, ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right];
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}

/**
 * Counts the attempt first (one atomic upsert), then checks the password, so parallel
 * guesses cannot all slip in under the limit. A success clears the counter.
 */
export async function login(db: Db, input: { email: string; password: string }, ip: string) {
  const email = input.email.trim().toLowerCase();
  const [key, accountKey] = await Promise.all([sha256Hex(`${email}|${addressBucket(ip)}`), sha256Hex(`account|${email}`)]);
  const now = new Date();
  const nowMs = now.getTime();
  const windowStart = new Date(nowMs - LOGIN_WINDOW_SECONDS * 1000).toISOString();
  const stale = sql`${loginAttempts.windowStart} < ${windowStart}`;
  const waiting = sql`coalesce(${loginAttempts.notBefore}, 0) > ${nowMs}`;
  // One batch (one transaction, one round trip): the address's count, the account's state as
  // this attempt found it, and the account's count, which a pending delay leaves untouched.
  const [[attempt], [account]] = await db.batch([
    db
      .insert(loginAttempts)
      .values({ key, failures: 1, windowStart: now.toISOString() })
      .onConflictDoUpdate({
        target: loginAttempts.key,
        set: {
          failures: sql`CASE WHEN ${stale} THEN 1 ELSE ${loginAttempts.failures} + 1 END`,
          windowStart: sql`CASE WHEN ${stale} THEN ${now.toISOString()} ELSE ${loginAttempts.windowStart} END`,
        },
      })
      .returning(),
    db.select({ notBefore: loginAttempts.notBefore }).from(loginAttempts).where(eq(loginAttempts.key, accountKey)),
    db
      .insert(loginAttempts)
      .values({ key: accountKey, failures: 1, windowStart: now.toISOString() })
      .onConflictDoUpdate({
        target: loginAttempts.key,
        set: {
          failures: sql`CASE WHEN ${waiting} THEN ${loginAttempts.failures} WHEN ${stale} THEN 1 ELSE ${loginAttempts.failures} + 1 END`,
          windowStart: sql`CASE WHEN ${waiting} THEN ${loginAttempts.windowStart} WHEN ${stale} THEN ${now.toISOString()} ELSE ${loginAttempts.windowStart} END`,
          notBefore: sql`CASE WHEN ${waiting} THEN ${loginAttempts.notBefore} WHEN ${stale} OR ${loginAttempts.failures} + 1 <= ${ACCOUNT_FREE_FAILURES} THEN NULL
            ELSE ${nowMs} + min(${ACCOUNT_DELAY_CAP_MS}, 1000 * (1 << min(16, ${loginAttempts.failures} - ${ACCOUNT_FREE_FAILURES}))) END`,
        },
      }),
  ]);
  const accountWaitMs = account?.notBefore ? account.notBefore - nowMs : 0;
  if (accountWaitMs > 0) {
    const retryAfter = Math.ceil(accountWaitMs / 1000);
    throw tooManyRequests('too-many-attempts', 'Too many sign-in attempts', `This account has had many failed sign-ins. Try again in ${retryAfter} seconds.`, undefined, {
      'retry-after': String(retryAfter),
    });
  }
  if (attempt && attempt.failures > MAX_LOGIN_ATTEMPTS) {
    const retryAfter = Math.max(1, Math.ceil((new Date(attempt.windowStart).getTime() + LOGIN_WINDOW_SECONDS * 1000 - now.getTime()) / 1000));
    throw tooManyRequests('too-many-attempts', 'Too many sign-in attempts', `Try again in ${Math.ceil(retryAfter / 60)} minutes.`, undefined, {
      'retry-after': String(retryAfter),
    });
  }
  const admin = await db.select().from(admins).where(eq(admins.email, email)).get();
  const ok = await verifyPassword(input.password, admin?.passwordHash ?? DECOY_HASH);
  if (!admin || !ok) {
    throw unauthorized('invalid-credentials', 'Invalid credentials', 'The email or password is wrong.', [{ field: 'password', message: 'The email or password is wrong.' }]);
  }
  await db.delete(loginAttempts).where(inArray(loginAttempts.key, [key, accountKey]));
  return openSession(db, admin.id);
}

async function openSession(db: Db, adminId: string) {
  const token = secret();
  const csrfToken = secret();
  const expiresAt = new Date(Date.now() + SESSION_TTL_SECONDS * 1000).toISOString();
  const admin = await db.select({ workspaceId: admins.workspaceId }).from(admins).where(eq(admins.id, adminId)).get();
  if (!admin) throw new Error('openSession: no such admin');
  await db.batch([
    db.insert(sessions).values({ tokenHash: await sha256Hex(token), adminId, workspaceId: admin.workspaceId, csrfToken, expiresAt }),
    // Sweep expired sessions and stale attempt counters at each sign-in instead of needing a cron.
    db.delete(sessions).where(lt(sessions.expiresAt, new Date().toISOString())),
    db.delete(loginAttempts).where(lt(loginAttempts.windowStart, new Date(Date.now() - LOGIN_WINDOW_SECONDS * 1000).toISOString())),
  ]);
  const view = await findSession(db, token);
  if (!view) throw new Error('openSession: session missing after insert');
  return { token, view };
}

export async function closeSession(db: Db, token: string) {
  await db.delete(sessions).where(eq(sessions.tokenHash, await sha256Hex(token)));
}

