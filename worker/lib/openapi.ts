import { z } from '@hono/zod-openapi';
import { MAX_PER_PAGE } from '../domain/limits';
import { PROBLEM_CONTENT_TYPE } from './media-types';

export const ProblemSchema = z
  .object({
    type: z.string().url().openapi({ example: 'https://referrio.dev/problems/validation-error' }),
    title: z.string().openapi({ example: 'Invalid request' }),
    status: z.number().int().openapi({ example: 400 }),
    detail: z.string().optional(),
    errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
    instance: z.string().optional(),
    request_id: z.string().openapi({ example: 'req_8Jf2kLq0ZpX1mN3bV7cT' }),
  })
  .openapi('Problem', { description: 'RFC 9457 problem details; every error the API returns has this shape.' });

const ERROR_DESCRIPTIONS = {
  400: 'Invalid request: malformed JSON or invalid fields (each is named in `errors`).',
  401: 'Missing, unknown, revoked or expired API key.',
  403: 'The key is not allowed to do this.',
  404: 'No such resource in this environment.',
  409: 'Conflicts with the current state (e.g. a code already taken).',
  413: 'Body larger than 1 MB.',
  415: 'The body is not JSON.',
  422: 'Understood but cannot be processed.',
  429: 'Too many requests; wait for the seconds in `Retry-After`.',
} as const;

type ErrorStatus = keyof typeof ERROR_DESCRIPTIONS;

export function errorResponses<S extends ErrorStatus>(...statuses: S[]) {
  const content = { [PROBLEM_CONTENT_TYPE]: { schema: ProblemSchema } };
  return Object.fromEntries(statuses.map((s) => [s, { description: ERROR_DESCRIPTIONS[s], content }])) as unknown as Record<
    S,
    { description: string; content: typeof content }
  >;
}

export const jsonBody = <T extends z.ZodType>(schema: T, description?: string) => ({
  required: true,
  description,
  content: { 'application/json': { schema } },
});

export const jsonContent = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

export const IdParams = z.object({
  id: z.string().min(1).max(128).openapi({ param: { name: 'id', in: 'path', description: 'The object\'s id (`usr_…`, `cmp_…`, …); users also by your `external_id`.' }, example: 'usr_4Qm8vT2kLx9pZr0aB1cD' }),
});

/** Documents the list manners; the values themselves are read by `parseListQuery`, which also rejects unknown keys. */
export const ListQuerySchema = z.looseObject({
  page: z.string().optional().openapi({ description: 'Page number, from 1.', example: '1' }),
  per_page: z.string().optional().openapi({ description: `Items per page, 1–${MAX_PER_PAGE} (default 25).`, example: '25' }),
  'order[field]': z.string().optional().openapi({ description: 'Field to order by.', example: 'created_at' }),
  'order[direction]': z.string().optional().openapi({ description: '`asc` or `desc` (default `desc`).', example: 'desc' }),
  fields: z.string().optional().openapi({ description: 'Comma-separated fields to return.', example: 'id,email,referral_code' }),
  with: z.string().optional().openapi({ description: 'Comma-separated relations to embed, or `all`.', example: 'campaign' }),
  'filters[0][field]': z.string().optional().openapi({ description: 'Filter field; use indexes 0, 1, 2… for several filters.', example: 'email' }),
  'filters[0][operator]': z.string().optional().openapi({ description: '`equal` (default), `gt`, `lt`, `gte`, `lte` or `like` (contains).', example: 'like' }),
  'filters[0][value]': z.string().optional().openapi({ description: 'The value to compare with.', example: 'example.com' }),
});

export const PageSchema = z
  .object({
    links: z.object({ first: z.string(), last: z.string(), prev: z.string().nullable(), next: z.string().nullable() }),
    meta: z.object({
      current_page: z.number().int(),
      from: z.number().int().nullable(),
      last_page: z.number().int(),
      per_page: z.number().int(),
      to: z.number().int().nullable(),
      total: z.number().int(),
    }),
  })
  .openapi('Page');

export const MetadataSchema = z.record(z.string(), z.unknown()).openapi({ example: { plan: 'pro' } });

/** ISO 8601 with an offset in, UTC `…Z` out, so stored times compare as strings. */
export const DateTimeSchema = z.iso
  .datetime({ offset: true })
  .transform((v) => new Date(v).toISOString())
  .openapi({ example: '2026-11-23T10:00:00Z' });
