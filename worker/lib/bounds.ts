import { z } from '@hono/zod-openapi';

/**
 * Size limits for free-form JSON the API accepts (metadata), in one place. Checked without
 * recursion, before anything serializes the value: a 1 MB body can nest arrays a few hundred
 * thousand deep, which would overflow the stack of JSON.stringify (a 500, not a 400).
 */
export const MAX_METADATA_BYTES = 16 * 1024;
export const MAX_METADATA_DEPTH = 10;
export const MAX_METADATA_KEYS = 100;
export const MAX_METADATA_KEY_LENGTH = 255;

/** What is wrong with this JSON value's shape (depth, or keys of one object), or null. */
export function jsonShapeProblem(value: unknown, maxDepth: number, maxKeys: number): string | null {
  const stack: { v: unknown; depth: number }[] = [{ v: value, depth: 1 }];
  while (stack.length) {
    const { v, depth } = stack.pop() as { v: unknown; depth: number };
    if (v === null || typeof v !== 'object') continue;
    if (depth > maxDepth) return `Nest at most ${maxDepth} levels deep.`;
    const children = Array.isArray(v) ? v : Object.values(v);
    if (!Array.isArray(v) && children.length > maxKeys) return `At most ${maxKeys} keys per object.`;
    for (const child of children) stack.push({ v: child, depth: depth + 1 });
  }
  return null;
}

const utf8Length = (s: string) => new TextEncoder().encode(s).length;

/**
 * Free-form metadata on every write that takes it: an object of at most 100 keys (each ≤ 255
 * characters), nested at most 10 deep, at most 16 KB as UTF-8 JSON. Any key is data, never a
 * property of ours (`__proto__` and `constructor` are stored as given).
 */
export const BoundedMetadataSchema = z
  // Not z.record: it rebuilds the object by assignment, and `result['__proto__'] = …` sets a
  // prototype instead of a key (the key was silently dropped). The parsed JSON object is kept as is.
  .custom<Record<string, unknown>>((v) => typeof v === 'object' && v !== null && !Array.isArray(v), { message: 'Must be a JSON object.' })
  .superRefine((m, ctx) => {
    const shape = jsonShapeProblem(m, MAX_METADATA_DEPTH, MAX_METADATA_KEYS);
    if (shape) {
      ctx.addIssue({ code: 'custom', message: shape });
      return;
    }
    const longKey = Object.keys(m).find((k) => k.length > MAX_METADATA_KEY_LENGTH);
    if (longKey !== undefined) ctx.addIssue({ code: 'custom', message: `Keys have at most ${MAX_METADATA_KEY_LENGTH} characters.` });
    else if (utf8Length(JSON.stringify(m)) > MAX_METADATA_BYTES) ctx.addIssue({ code: 'custom', message: `Metadata must serialize to at most ${MAX_METADATA_BYTES} bytes.` });
  })
  .openapi({
    type: 'object',
    additionalProperties: true,
    example: { plan: 'pro' },
    description: `Your own data: an object of up to ${MAX_METADATA_KEYS} keys (each up to ${MAX_METADATA_KEY_LENGTH} characters), ${MAX_METADATA_DEPTH} levels deep, ${MAX_METADATA_BYTES / 1024} KB as UTF-8 JSON.`,
  });
