import { getDb } from '../../db/client';
import { createRouter } from '../../lib/create-router';
import { forbidden, unauthorized } from '../../lib/errors';
import { clearSessionCookie, sameOrigin, sessionToken, setSessionCookie } from '../../lib/session-cookie';
import { findSession } from '../../lib/session-lookup';
import { endCredential } from '../../lib/credential-cache';
import { sha256Hex } from '../../lib/crypto';
import { closeSession, login, setup, setupRequired } from '../../services/access/sessions';
import { checkSetupToken } from '../../services/access/setup-token';
import { loginRoute, logoutRoute, sessionRoute, setupRoute, setupStatusRoute } from './auth.routes';

const crossOrigin = () => forbidden('csrf-failed', 'CSRF check failed', 'Sign-in requests must come from this origin.');
const noSession = () =>
  unauthorized('unauthorized', 'Unauthorized', 'Not signed in.', undefined, { 'www-authenticate': 'Cookie realm="referrio"' });

export const authRouter = createRouter()
  .openapi(setupStatusRoute, async (c) => c.json({ setup_required: await setupRequired(getDb(c.env)) }, 200))
  .openapi(setupRoute, async (c) => {
    if (!sameOrigin(c)) throw crossOrigin();
    const input = c.req.valid('json');
    await checkSetupToken(c.env.SETUP_TOKEN, input.setup_token);
    const { token, view } = await setup(getDb(c.env), input);
    setSessionCookie(c, token);
    return c.json({ object: 'session' as const, ...view }, 201);
  })
  .openapi(loginRoute, async (c) => {
    if (!sameOrigin(c)) throw crossOrigin();
    const ip = c.req.header('cf-connecting-ip') ?? 'unknown';
    const { token, view } = await login(getDb(c.env), c.req.valid('json'), ip);
    setSessionCookie(c, token);
    return c.json({ object: 'session' as const, ...view }, 200);
  })
  .openapi(sessionRoute, async (c) => {
    const token = sessionToken(c);
    const view = token ? await findSession(getDb(c.env), token) : null;
    if (!view) throw noSession();
    return c.json({ object: 'session' as const, ...view }, 200);
  })
  .openapi(logoutRoute, async (c) => {
    // SameSite=Strict already keeps other sites from signing a user out; the Origin check makes it explicit.
    if (!sameOrigin(c)) throw crossOrigin();
    const token = sessionToken(c);
    if (token) {
      await closeSession(getDb(c.env), token);
      // Isolates that cached the session learn of the sign-out from its RateLimiter object.
      await endCredential(c.env, await sha256Hex(token), Date.now()).catch((err) => console.error('logout: could not propagate; cached sessions expire within 30 s', err));
    }
    clearSessionCookie(c);
    return c.body(null, 204);
  });
