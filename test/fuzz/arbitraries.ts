import fc from 'fast-check';

/** A JSON Schema as it appears in the OpenAPI document (only what the generators read). */
export interface Schema {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  properties?: Record<string, Schema>;
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  additionalProperties?: boolean | Schema;
  minimum?: number;
  maximum?: number;
  maxLength?: number;
  format?: string;
  required?: string[];
  example?: unknown;
}

export type Components = Record<string, Schema>;

const resolve = (schema: Schema, components: Components): Schema =>
  schema.$ref ? resolve(components[schema.$ref.replace('#/components/schemas/', '')] ?? {}, components) : schema;

/** Strings that have broken parsers before: unicode edges, escapes, SQL and template bits. */
export const nastyString = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template-looking string is deliberate fuzz input
  fc.constantFrom('', ' ', '\u0000', '\uD800', '\uFEFF', 'Zoë 🎉', '𝕏', '%', '%00', '../..', "' OR 1=1 --", '${x}', '{{x}}', '<script>', 'null', 'NaN', '-0', 'e', '\r\n'),
  fc.integer({ min: 1_000, max: 300_000 }).map((n) => 'x'.repeat(n)),
);

/** JavaScript's own property names: as keys and as field names they must stay plain data. */
export const protoName = fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__');

/** Currency codes that are not ISO 4217 or not ours: unknown, lower-case, symbols, other scripts. */
export const hostileCurrency = fc.constantFrom('XXX', 'ZZZ', 'usd', 'US', 'USDD', '€', 'ÜSD', 'УСД', '', '123', 'U$D');

/** Codes in other scripts and forms: what a referral or voucher code must not trip on. */
export const unicodeCode = fc.oneof(
  fc.constantFrom('ÄBC-123', 'КОД-777', 'A\u0301BC', '𝟙𝟚𝟛', 'ＡＢＣ１２３', 'ǅ-JANE', 'İSTANBUL', 'ß-CODE', 'JANE\u200B', 'JA NE', 'JANE\u0000'),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 32 }),
);

/** Numbers a money field must survive: negative, fractional, huge, unsafe. */
export const nastyNumber = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(-1, 0, 0.5, -0.01, 1e21, Number.MAX_SAFE_INTEGER + 1, Number.MAX_SAFE_INTEGER + 2, -Number.MAX_SAFE_INTEGER - 2, 2 ** 63, 1e308, 1e-7),
  fc.bigInt({ min: BigInt(Number.MAX_SAFE_INTEGER) + 1n, max: 2n ** 70n }).map(Number),
);

/** Arrays or objects nested far deeper than any schema allows. */
export const deepValue = fc.oneof(fc.integer({ min: 9, max: 12 }), fc.integer({ min: 50, max: 3_000 })).chain((depth) =>
  fc.constantFrom('array', 'object').map((kind) => {
    let v: unknown = 1;
    for (let i = 0; i < depth; i++) v = kind === 'array' ? [v] : { a: v };
    return v;
  }),
);

/** Anything at all, of any type. */
export const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 2, arbitrary: nastyString },
  { weight: 2, arbitrary: nastyNumber },
  { weight: 1, arbitrary: deepValue },
  { weight: 1, arbitrary: hostileCurrency },
  { weight: 1, arbitrary: unicodeCode },
  { weight: 1, arbitrary: fc.dictionary(protoName, fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }) },
);

/**
 * Values shaped like the schema, most of the time with the right types (so validation runs
 * deep and the handler is reached), sometimes with a wrong or hostile value in any slot.
 */
export function fromSchema(schema: Schema, components: Components, depth = 0): fc.Arbitrary<unknown> {
  const s = resolve(schema, components);
  const wrong = depth > 4 ? fc.constant(null) : anyValue;
  const right = rightValue(s, components, depth);
  return fc.oneof({ weight: 12, arbitrary: right }, { weight: 1, arbitrary: wrong });
}

function rightValue(s: Schema, components: Components, depth: number): fc.Arbitrary<unknown> {
  const variants = s.anyOf ?? s.oneOf;
  if (variants?.length) return fc.oneof(...variants.map((v) => fromSchema(v, components, depth + 1)));
  if (s.allOf?.length) return fromSchema(s.allOf[0] as Schema, components, depth + 1);
  if (s.enum?.length) return fc.oneof(fc.constantFrom(...s.enum), nastyString);
  if (s.const !== undefined) return fc.constant(s.const);
  const type = Array.isArray(s.type) ? s.type.find((t) => t !== 'null') : s.type;
  switch (type) {
    case 'string': {
      const formatted =
        s.format === 'email' ? fc.emailAddress() : s.format === 'uri' ? fc.webUrl() : s.format === 'date-time' ? fc.date({ noInvalidDate: true }).map((d) => d.toISOString()) : fc.string({ minLength: 1, maxLength: 24 });
      const example = s.example === undefined ? formatted : fc.constant(s.example);
      return fc.oneof({ weight: 4, arbitrary: formatted }, { weight: 2, arbitrary: example }, { weight: 1, arbitrary: nastyString });
    }
    case 'integer':
      return fc.oneof(fc.integer({ min: -5, max: 100_000 }), nastyNumber);
    case 'number':
      return nastyNumber;
    case 'boolean':
      return fc.boolean();
    case 'array':
      return depth > 4 ? fc.constant([]) : fc.array(fromSchema(s.items ?? {}, components, depth + 1), { maxLength: 4 });
    case 'object': {
      if (depth > 4) return fc.constant({});
      const properties = Object.entries(s.properties ?? {});
      const known = fc.record(Object.fromEntries(properties.map(([k, v]) => [k, fromSchema(v, components, depth + 1)])), { requiredKeys: (s.required ?? []).filter((k) => s.properties?.[k]) });
      const extra = fc.dictionary(fc.oneof(protoName, nastyString.filter((k) => k.length < 50)), anyValue, { maxKeys: 2 });
      return fc.oneof({ weight: 8, arbitrary: known }, { weight: 1, arbitrary: fc.tuple(known, extra).map(([a, b]) => ({ ...b, ...a })) });
    }
    default:
      return anyValue;
  }
}

export interface RawBody {
  text: string | undefined;
  contentType: string | undefined;
}

/** How a body goes over the wire: valid JSON or not, under any content type, or none. */
export function bodyArbitrary(schema: Schema | undefined, components: Components): fc.Arbitrary<RawBody> {
  const json = schema ? fc.oneof({ weight: 2, arbitrary: fromSchema(schema, components) }, { weight: 1, arbitrary: validFromSchema(schema, components) }) : anyValue;
  const contentType = fc.oneof(
    { weight: 8, arbitrary: fc.constant('application/json') },
    { weight: 1, arbitrary: fc.constantFrom(undefined, 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/json; charset=utf-8', 'application/merge-patch+json', 'application/xml', '') },
  );
  const text = fc.oneof(
    { weight: 10, arbitrary: json.map((v) => JSON.stringify(v)) },
    { weight: 1, arbitrary: fc.constantFrom(undefined, '', '{', '{"a":', 'nul', '[1,]', '{"a":1}garbage', '\uFEFF{}', '{"__proto__":{"admin":true}}', '{"constructor":{"prototype":{}}}') },
    { weight: 1, arbitrary: fc.integer({ min: 10, max: 100_000 }).map((n) => '['.repeat(n) + ']'.repeat(n)) },
    { weight: 1, arbitrary: fc.constant(`{"x":"${'a'.repeat(1024 * 1024 + 10)}"}`) },
    // The schema's own body with hostile keys and values spliced in as raw JSON text: numbers past
    // Number.MAX_SAFE_INTEGER as literals, __proto__ keys (JSON.parse makes them own properties),
    // metadata nested 200,000 deep or 900 KB wide.
    { weight: 2, arbitrary: fc.tuple(json, hostileSplice).map(([v, splice]) => splice(JSON.stringify(v))) },
  );
  return fc.record({ text, contentType });
}

/** Appends a raw JSON member to an object body (last, so it wins over the same key); other bodies as they are. */
const hostileSplice: fc.Arbitrary<(text: string) => string> = fc
  .constantFrom(
    '"amount":9007199254740993',
    '"amount":1e400',
    '"amount":-9223372036854775809',
    '"points":12345678901234567890',
    '"__proto__":{"admin":true,"status":"live"}',
    '"constructor":{"prototype":{"polluted":1}}',
    '"metadata":{"__proto__":{"x":1},"constructor":1}',
    `"metadata":{"x":${'['.repeat(200_000)}${']'.repeat(200_000)}}`,
    `"metadata":{"x":"${'é'.repeat(450_000)}"}`,
    `"metadata":${JSON.stringify(Object.fromEntries(Array.from({ length: 5_000 }, (_, i) => [`k${i}`, i])))}`,
    '"currency":"XXX"',
    '"currency":"ÜSD"',
    '"code":"КОД-777"',
    '"code":"A\u0301BC"',
  )
  .map((member) => (text: string) => (text.startsWith('{') && text.endsWith('}') ? `${text.slice(0, -1)}${text === '{}' ? '' : ','}${member}}` : text));

/** Query strings: the documented parameters with any values, plus unknown ones, plus list-query attacks. */
export function queryArbitrary(names: string[]): fc.Arbitrary<[string, string][]> {
  const value = fc.oneof(fc.string({ maxLength: 12 }), nastyString.filter((v) => v.length < 5_000), protoName, fc.integer().map(String), fc.constantFrom('1', '0', '-1', '1.5', '250', '251', 'asc', 'desc', 'email', 'all', 'like', 'gt'));
  const name = names.length ? fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...names) }, { weight: 1, arbitrary: nastyString.filter((v) => v.length < 200) }) : nastyString.filter((v) => v.length < 200);
  const plain = fc.array(fc.tuple(name, value), { maxLength: 5 });
  if (!names.includes('filters[0][field]')) return plain;
  const field = fc.oneof(protoName, fc.constantFrom('email', 'created_at', 'status', 'id', 'type'), nastyString.filter((v) => v.length < 100));
  const filter = (i: number) =>
    fc.tuple(field, fc.constantFrom('equal', 'gt', 'like', 'lte', 'constructor'), value).map(([f, o, v]): [string, string][] => [
      [`filters[${i}][field]`, f],
      [`filters[${i}][operator]`, o],
      [`filters[${i}][value]`, v],
    ]);
  // Hundreds of filters; JavaScript property names as sort, field and relation names.
  const manyFilters = fc.integer({ min: 15, max: 400 }).chain((n) => fc.tuple(...Array.from({ length: Math.min(n, 400) }, (_, i) => filter(i))).map((fs) => fs.flat()));
  const protoParams = fc.tuple(protoName, fc.constantFrom('order[field]', 'fields', 'with', 'order[direction]')).map(([v, k]): [string, string][] => [[k, v]]);
  return fc.oneof({ weight: 4, arbitrary: plain }, { weight: 1, arbitrary: manyFilters }, { weight: 1, arbitrary: protoParams });
}

/** Path ids: real ids of this environment's objects, and anything else. */
export const idArbitrary = (realIds: string[]) =>
  fc.oneof(
    { weight: 2, arbitrary: fc.constantFrom(...realIds) },
    { weight: 3, arbitrary: nastyString.filter((v) => v.length > 0 && v.length < 10_000) },
    { weight: 1, arbitrary: fc.constantFrom('%ZZ', '%', '..', '.', 'usr_', 'cmp_x', '%2F', 'a%2Fb') },
  );

/** Strings matching a pattern; fast-check cannot generate from every regex (lookaheads). */
function matching(pattern: string, minLength: number, maxLength: number): fc.Arbitrary<string> {
  try {
    return fc.stringMatching(new RegExp(pattern)).filter((v) => v.length >= minLength && v.length <= maxLength);
  } catch {
    return fc.string({ minLength: Math.max(minLength, 1), maxLength }).filter((v) => new RegExp(pattern).test(v));
  }
}

/**
 * Values the schema accepts (as far as its JSON Schema says: types, enums, patterns, lengths,
 * bounds): these get past validation, so they probe the handlers, services and storage with
 * edge values the API promises to take (longest strings, largest amounts, any unicode).
 */
export function validFromSchema(schema: Schema, components: Components, depth = 0): fc.Arbitrary<unknown> {
  const s = resolve(schema, components);
  const variants = s.anyOf ?? s.oneOf;
  if (variants?.length) return fc.oneof(...variants.map((v) => validFromSchema(v, components, depth + 1)));
  if (s.allOf?.length) return validFromSchema(s.allOf[0] as Schema, components, depth + 1);
  if (s.enum?.length) return fc.constantFrom(...s.enum);
  if (s.const !== undefined) return fc.constant(s.const);
  const type = Array.isArray(s.type) ? s.type.find((t) => t !== 'null') : s.type;
  const ex = s.example === undefined ? [] : [{ weight: 1, arbitrary: fc.constant(s.example) }];
  switch (type) {
    case 'string': {
      const maxLength = Math.min(s.maxLength ?? 200, 500);
      const minLength = Math.min((s as { minLength?: number }).minLength ?? 0, maxLength);
      const base =
        s.format === 'email' ? fc.emailAddress()
        : s.format === 'uri' ? fc.webUrl({ validSchemes: ['https'] })
        : s.format === 'date-time' ? fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((d) => d.toISOString())
        : (s as { pattern?: string }).pattern ? matching((s as { pattern?: string }).pattern as string, minLength, maxLength)
        : fc.string({ unit: 'grapheme', minLength: Math.max(minLength, 1), maxLength }).filter((v) => v.trim().length > 0);
      return fc.oneof({ weight: 3, arbitrary: base }, ...ex);
    }
    case 'integer':
      return fc.oneof(fc.integer({ min: Math.ceil(s.minimum ?? 0), max: Math.floor(Math.min(s.maximum ?? 1e9, Number.MAX_SAFE_INTEGER)) }), ...ex);
    case 'number':
      return fc.double({ min: s.minimum ?? 0, max: s.maximum ?? 1e9, noNaN: true });
    case 'boolean':
      return fc.boolean();
    case 'array':
      return depth > 4 ? fc.constant([]) : fc.array(validFromSchema(s.items ?? {}, components, depth + 1), { maxLength: 3 });
    case 'object': {
      if (depth > 4) return fc.constant({});
      const properties = Object.entries(s.properties ?? {});
      const known = fc.record(Object.fromEntries(properties.map(([k, v]) => [k, validFromSchema(v, components, depth + 1)])), {
        requiredKeys: (s.required ?? []).filter((k) => s.properties?.[k]),
      });
      // Only the required keys as well: the shortest valid body reaches the handler's default paths.
      const required = (s.required ?? []).filter((k) => s.properties?.[k]);
      const minimal = fc.record(Object.fromEntries(required.map((k) => [k, validFromSchema(s.properties?.[k] as Schema, components, depth + 1)])));
      return fc.oneof({ weight: 3, arbitrary: known }, { weight: 2, arbitrary: minimal }, ...ex);
    }
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}
