import createClient, { type Middleware } from 'openapi-fetch';
import type { components, paths } from './schema';

export type Mode = 'test' | 'live';
type Problem = components['schemas']['Problem'];

/** A failed call: the API's problem document, with its field errors by field name. */
export class ApiError extends Error {
  readonly fields: Record<string, string>;
  constructor(
    readonly status: number,
    readonly problem: Problem | null,
  ) {
    super(problem?.detail ?? problem?.title ?? `Request failed (${status})`);
    this.fields = Object.fromEntries((problem?.errors ?? []).map((e) => [e.field, e.message]));
  }
}

/** Fired when a call made with a session answers 401: the session expired or was ended elsewhere. */
export const SIGNED_OUT_EVENT = 'referrio:signed-out';

/** The session's CSRF token and chosen environment ride on every call. */
const state: { csrf: string; mode: Mode; bookmark: string } = { csrf: '', mode: 'test', bookmark: '' };
export const setCsrf = (token: string) => {
  state.csrf = token;
};
export const setMode = (mode: Mode) => {
  state.mode = mode;
};

const session: Middleware = {
  onRequest({ request }) {
    request.headers.set('x-referrio-environment', state.mode);
    if (request.method !== 'GET') request.headers.set('x-csrf-token', state.csrf);
    // D1 read replication: the latest answer's bookmark makes the next read see our own writes.
    if (state.bookmark) request.headers.set('referrio-bookmark', state.bookmark);
    return request;
  },
  onResponse({ request, response }) {
    const bookmark = response.headers.get('referrio-bookmark');
    // Bookmarks sort oldest to newest: keep the newest seen.
    if (bookmark && bookmark > state.bookmark) state.bookmark = bookmark;
    if (response.status === 401 && state.csrf && !new URL(request.url).pathname.startsWith('/v1/auth/')) window.dispatchEvent(new Event(SIGNED_OUT_EVENT));
    return response;
  },
};

/** The typed client over the Worker's OpenAPI document: paths, parameters and bodies are checked against it. */
export const client = createClient<paths>({ credentials: 'same-origin' });
client.use(session);

/** An answer's data, or its problem document thrown as an ApiError. */
export async function unwrap<D>(call: Promise<{ data?: D; error?: unknown; response: Response }>): Promise<D> {
  const { data, error, response } = await call;
  if (!response.ok) throw new ApiError(response.status, (error as Problem | undefined) ?? null);
  return data as D;
}
