import { createRoute } from '@hono/zod-openapi';
import { errorResponses, jsonBody, jsonContent } from '../../lib/openapi';
import { LoginSchema, SessionSchema, SetupSchema, SetupStatusSchema } from './auth.schemas';

const tags = ['Dashboard sessions'];
const security: { [name: string]: string[] }[] = [];
const cookie = 'Sets the HttpOnly `referrio_session` cookie. The dashboard then calls the same /v1 API with it (writes echo `csrf_token` in `X-CSRF-Token`; `X-Referrio-Environment: live|test` picks the environment, default test).';

export const setupStatusRoute = createRoute({
  method: 'get',
  path: '/v1/auth/setup',
  tags,
  security,
  summary: 'Whether first-run setup is still open',
  responses: { 200: jsonContent(SetupStatusSchema, '`setup_required` is true while the instance has no admin.') },
});

export const setupRoute = createRoute({
  method: 'post',
  path: '/v1/auth/setup',
  tags,
  security,
  summary: 'First-run setup: create the workspace and its first admin',
  description: `Only while the instance has no admin (afterwards 409), and only with the deployment's setup token (else 403). ${cookie}`,
  request: { body: jsonBody(SetupSchema) },
  responses: { 201: jsonContent(SessionSchema, 'Set up and signed in.'), ...errorResponses(400, 403, 409, 413, 415) },
});

export const loginRoute = createRoute({
  method: 'post',
  path: '/v1/auth/login',
  tags,
  security,
  summary: 'Sign in to the dashboard',
  description: `Email and password. Five attempts per email and IP address per 15 minutes; past ten failures an account also waits a delay that doubles up to a minute between attempts (429 with Retry-After). ${cookie}`,
  request: { body: jsonBody(LoginSchema) },
  responses: { 200: jsonContent(SessionSchema, 'Signed in.'), ...errorResponses(400, 401, 403, 413, 415, 429) },
});

export const sessionRoute = createRoute({
  method: 'get',
  path: '/v1/auth/session',
  tags,
  security: [{ Session: [] }],
  summary: 'The current dashboard session',
  responses: { 200: jsonContent(SessionSchema, 'Signed in.'), ...errorResponses(401) },
});

export const logoutRoute = createRoute({
  method: 'post',
  path: '/v1/auth/logout',
  tags,
  security: [{ Session: [] }],
  summary: 'Sign out',
  description: 'Ends the session and clears the cookie; answers 204 even when no session was open.',
  responses: { 204: { description: 'Signed out.' }, ...errorResponses(403) },
});
