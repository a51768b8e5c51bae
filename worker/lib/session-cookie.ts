import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { AppEnv } from '../env';
import { SESSION_TTL_SECONDS } from './session-lookup';

export const SESSION_COOKIE = 'referrio_session';

/** HttpOnly so scripts never see it; SameSite=Strict so other sites cannot ride it. */
export function setSessionCookie(c: Context<AppEnv>, token: string) {
  setCookie(c, SESSION_COOKIE, token, { httpOnly: true, secure: true, sameSite: 'Strict', path: '/', maxAge: SESSION_TTL_SECONDS });
}

export const clearSessionCookie = (c: Context<AppEnv>) => deleteCookie(c, SESSION_COOKIE, { path: '/', secure: true, httpOnly: true, sameSite: 'Strict' });

export const sessionToken = (c: Context<AppEnv>) => getCookie(c, SESSION_COOKIE) || undefined;

/** A browser always sends Origin on cross-site writes; when present it must be our own. */
export function sameOrigin(c: Context<AppEnv>): boolean {
  const origin = c.req.header('origin');
  return !origin || origin === new URL(c.req.url).origin;
}
