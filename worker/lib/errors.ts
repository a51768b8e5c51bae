import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ZodError } from 'zod';
import type { AppEnv } from '../env';
import { PROBLEM_CONTENT_TYPE } from './media-types';

const TYPE_BASE = 'https://referrio.dev/problems/';

export interface FieldError {
  field: string;
  message: string;
}

/**
 * The one error every layer throws. `type` is a stable slug clients can switch on;
 * it is sent as a URI (RFC 9457 §3.1.1).
 */
export class AppError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly type: string,
    readonly title: string,
    readonly detail?: string,
    readonly errors?: FieldError[],
    readonly headers?: Record<string, string>,
  ) {
    super(detail ?? title);
  }
}

export const notFound = (what: string, id: string) =>
  new AppError(404, 'not-found', 'Not found', `No ${what} with id or key '${id}' in this environment.`);

/** Named factories, one per status the API answers with: `type` is the stable slug, `detail` says what to do. */
type ProblemArgs = [type: string, title: string, detail?: string, errors?: FieldError[], headers?: Record<string, string>];
const problemOf =
  (status: ContentfulStatusCode) =>
  (...[type, title, detail, errors, headers]: ProblemArgs) =>
    new AppError(status, type, title, detail, errors, headers);

export const badRequest = problemOf(400);
export const unauthorized = problemOf(401);
export const forbidden = problemOf(403);
/** A 404 other than "no such object" (`notFound`): an unknown route, link or asset. */
export const notFoundProblem = problemOf(404);
export const conflict = problemOf(409);
export const payloadTooLarge = problemOf(413);
export const unsupportedMediaType = problemOf(415);
export const unprocessable = problemOf(422);
export const tooManyRequests = problemOf(429);
export const internalError = problemOf(500);

export const validationError = (errors: FieldError[], detail = 'The request has invalid fields.') =>
  new AppError(400, 'validation-error', 'Invalid request', detail, errors);

export function problem(c: Context<AppEnv>, err: AppError): Response {
  return problemResponse(err, new URL(c.req.url).pathname, c.get('requestId') ?? '');
}

/** The problem document itself, for the few responses made outside Hono (the share-link redirect). */
export function problemResponse(err: AppError, instance: string, requestId: string): Response {
  const body = {
    type: TYPE_BASE + err.type,
    title: err.title,
    status: err.status,
    ...(err.detail ? { detail: err.detail } : {}),
    ...(err.errors ? { errors: err.errors } : {}),
    instance,
    request_id: requestId,
  };
  return new Response(JSON.stringify(body), {
    status: err.status,
    headers: {
      'content-type': PROBLEM_CONTENT_TYPE,
      'x-request-id': requestId,
      ...err.headers,
    },
  });
}

export function zodFieldErrors(error: ZodError, prefix = ''): FieldError[] {
  return error.issues.map((issue) => {
    const path = issue.path.map(String).join('.');
    const field = [prefix, path].filter(Boolean).join('.') || prefix || '(body)';
    if (issue.code === 'unrecognized_keys') {
      return { field: issue.keys.map((k) => (field === '(body)' ? k : `${field}.${k}`)).join(', '), message: 'Unknown field.' };
    }
    return { field, message: issue.message };
  });
}

/** Hono and its validators throw HTTPExceptions; give them the same stable types as ours. */
const HTTP_EXCEPTION_TYPES: Partial<Record<number, [string, string]>> = {
  400: ['bad-request', 'Bad request'],
  413: ['payload-too-large', 'Payload too large'],
  415: ['unsupported-media-type', 'Unsupported media type'],
};

/** Maps anything thrown to a problem response; unknown errors are logged, never echoed. */
export function onError(err: Error, c: Context<AppEnv>): Response {
  if (err instanceof AppError) return problem(c, err);
  if (err instanceof HTTPException) {
    const status = err.status as ContentfulStatusCode;
    const [type, title] = HTTP_EXCEPTION_TYPES[status] ?? ['http-error', err.message || 'Request error'];
    const isJsonError = status === 400 && /json/i.test(err.message);
    return problem(c, new AppError(status, isJsonError ? 'malformed-json' : type, isJsonError ? 'Malformed JSON' : title, err.message || undefined));
  }
  console.error(JSON.stringify({ level: 'error', request_id: c.get('requestId'), message: err.message, stack: err.stack }));
  return problem(c, new AppError(500, 'internal-error', 'Internal server error', 'Something went wrong on our side. Quote the request id when you contact support.'));
}
