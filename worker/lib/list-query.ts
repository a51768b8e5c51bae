import { and, asc, desc, eq, gt, gte, lt, lte, type SQL, sql } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import { type FieldError, validationError } from './errors';
import { MAX_PER_PAGE } from '../domain/limits';

/**
 * The list manners every collection shares (modelled on the Referral Factory API):
 * `page`, `per_page` (≤ 250), `filters[i][field|operator|value]`, `order[field]`,
 * `order[direction]`, `fields=` and `with=`. Anything else in the query is an error
 * that names it, so a typo never silently returns everything.
 */
export interface ListSpec {
  /** API field → column, for filtering and ordering. */
  columns: Record<string, SQLiteColumn>;
  /** Output fields a caller may pick with `fields=`. */
  fields: readonly string[];
  relations: readonly string[];
  defaultOrder: string;
}

export interface ListQuery {
  page: number;
  perPage: number;
  where: SQL | undefined;
  orderBy: SQL[];
  fields: string[] | null;
  with: string[];
}

export const OPERATORS = ['equal', 'gt', 'lt', 'gte', 'lte', 'like'] as const;
type Operator = (typeof OPERATORS)[number];

const DEFAULT_PER_PAGE = 25;
const FILTER_KEY = /^filters\[(\d{1,3})\]\[(field|operator|value)\]$/;
/** Filters one list query may carry; more is a 400, not a statement with hundreds of terms. */
export const MAX_FILTERS = 20;
/** Query parameters one list request may carry (20 filters of 3 parts, and the rest). */
export const MAX_QUERY_PARAMS = 80;
/** A filter value is compared with one column: no column holds more. */
export const MAX_FILTER_VALUE_LENGTH = 1024;
/** Own keys only: `constructor` or `__proto__` name no column, field or relation of ours. */
const own = (record: Record<string, unknown>, key: string) => Object.hasOwn(record, key);

export function parseListQuery(params: URLSearchParams, spec: ListSpec, idColumn: SQLiteColumn): ListQuery {
  const errors: FieldError[] = [];
  const filters = new Map<number, Partial<Record<'field' | 'operator' | 'value', string>>>();
  let page = 1;
  let perPage = DEFAULT_PER_PAGE;
  let orderField = spec.defaultOrder;
  let direction: 'asc' | 'desc' = 'desc';
  let fields: string[] | null = null;
  const relations = new Set<string>();

  if ([...params.keys()].length > MAX_QUERY_PARAMS) {
    throw validationError([{ field: '(query)', message: `At most ${MAX_QUERY_PARAMS} query parameters.` }], 'The list query has invalid parameters.');
  }
  for (const [key, value] of params) {
    const filter = FILTER_KEY.exec(key);
    if (filter) {
      const index = Number(filter[1]);
      filters.set(index, { ...filters.get(index), [filter[2] as 'field']: value });
      continue;
    }
    switch (key) {
      case 'page':
        page = positiveInt(value, 'page', Number.MAX_SAFE_INTEGER, errors) ?? page;
        break;
      case 'per_page':
        perPage = positiveInt(value, 'per_page', MAX_PER_PAGE, errors) ?? perPage;
        break;
      case 'order[field]':
        if (own(spec.columns, value)) orderField = value;
        else errors.push({ field: 'order[field]', message: `Cannot order by '${value}'. Use one of: ${Object.keys(spec.columns).join(', ')}.` });
        break;
      case 'order[direction]':
        if (value === 'asc' || value === 'desc') direction = value;
        else errors.push({ field: 'order[direction]', message: "Use 'asc' or 'desc'." });
        break;
      case 'fields':
        fields = [...new Set(splitList(value))];
        for (const f of fields.filter((f) => !spec.fields.includes(f))) {
          errors.push({ field: 'fields', message: `Unknown field '${f}'. Use any of: ${spec.fields.join(', ')}.` });
        }
        break;
      case 'with':
      case 'with[]':
        for (const r of splitList(value)) {
          if (r === 'all') for (const x of spec.relations) relations.add(x);
          else if (spec.relations.includes(r)) relations.add(r);
          else errors.push({ field: 'with', message: `Unknown relation '${r}'. Use any of: ${[...spec.relations, 'all'].join(', ')}.` });
        }
        break;
      default:
        errors.push({ field: key, message: 'Unknown query parameter.' });
    }
  }

  if (filters.size > MAX_FILTERS) errors.push({ field: 'filters', message: `At most ${MAX_FILTERS} filters.` });
  const conditions: SQL[] = [];
  for (const [index, f] of filters.size > MAX_FILTERS ? [] : [...filters].sort(([a], [b]) => a - b)) {
    const name = `filters[${index}]`;
    const column = f.field === undefined || !own(spec.columns, f.field) ? undefined : spec.columns[f.field];
    const operator = (f.operator ?? 'equal') as Operator;
    if (f.field === undefined) errors.push({ field: `${name}[field]`, message: 'Required when a filter is given.' });
    else if (!column) errors.push({ field: `${name}[field]`, message: `Cannot filter by '${f.field}'. Use one of: ${Object.keys(spec.columns).join(', ')}.` });
    if (!OPERATORS.includes(operator)) errors.push({ field: `${name}[operator]`, message: `Unknown operator '${operator}'. Use one of: ${OPERATORS.join(', ')}.` });
    if (f.value === undefined) errors.push({ field: `${name}[value]`, message: 'Required when a filter is given.' });
    else if (f.value.length > MAX_FILTER_VALUE_LENGTH) errors.push({ field: `${name}[value]`, message: `At most ${MAX_FILTER_VALUE_LENGTH} characters.` });
    if (column && OPERATORS.includes(operator) && f.value !== undefined) conditions.push(condition(column, operator, f.value));
  }

  if (errors.length) throw validationError(errors, 'The list query has invalid parameters.');
  const orderColumn = spec.columns[orderField] as SQLiteColumn;
  const by = direction === 'asc' ? asc : desc;
  return {
    page,
    perPage,
    where: conditions.length ? and(...conditions) : undefined,
    // The id breaks ties, so pages never overlap or skip rows with equal sort keys.
    orderBy: [by(orderColumn), by(idColumn)],
    fields,
    with: [...relations],
  };
}

function condition(column: SQLiteColumn, operator: Operator, value: string): SQL {
  switch (operator) {
    case 'equal':
      return eq(column, value);
    case 'gt':
      return gt(column, value);
    case 'lt':
      return lt(column, value);
    case 'gte':
      return gte(column, value);
    case 'lte':
      return lte(column, value);
    case 'like': {
      const escaped = value.replace(/[\\%_]/g, (m) => `\\${m}`);
      return sql`${column} LIKE ${`%${escaped}%`} ESCAPE '\\'`;
    }
  }
}

function positiveInt(value: string, field: string, max: number, errors: FieldError[]): number | undefined {
  const n = Number(value);
  if (/^\d+$/.test(value) && n >= 1 && n <= max) return n;
  errors.push({ field, message: `Must be an integer from 1 to ${max}.` });
  return undefined;
}

const splitList = (value: string) =>
  value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/** Keeps only the requested fields of each item (relations requested with `with=` always stay). */
export function pickFields<T extends Record<string, unknown>>(item: T, fields: string[] | null, relations: string[]): Partial<T> {
  if (!fields) return item;
  const keep = new Set([...fields, ...relations]);
  return Object.fromEntries(Object.entries(item).filter(([k]) => keep.has(k))) as Partial<T>;
}

export interface PageMeta {
  current_page: number;
  from: number | null;
  last_page: number;
  per_page: number;
  to: number | null;
  total: number;
}

export interface PageLinks {
  first: string;
  last: string;
  prev: string | null;
  next: string | null;
}

/** What a list needs from its request, as plain values: the query string and the path its page links repeat. */
export interface ListRequest {
  path: string;
  params: URLSearchParams;
}

export const listRequestOf = (url: string): ListRequest => {
  const { pathname, searchParams } = new URL(url);
  return { path: pathname, params: searchParams };
};

/** A select with its WHERE applied, still to be ordered and paged (drizzle's builder fits). */
interface Pageable<Row> {
  orderBy(...columns: SQL[]): { limit(n: number): { offset(n: number): PromiseLike<Row[]> } };
}

export interface ListSource<Row> {
  idColumn: SQLiteColumn;
  /** The caller's scope (environment, parent object); the query's filters are added to it. */
  scope: SQL | undefined;
  select: (where: SQL | undefined) => Pageable<Row>;
  count: (where: SQL | undefined) => PromiseLike<{ total: number }[]>;
  /**
   * Runs the page and the total (default: side by side). A service may run both in one
   * db.batch behind writes that must come first, so they cost no extra round trip.
   */
  run?: (page: PromiseLike<Row[]>, count: PromiseLike<{ total: number }[]>) => Promise<[Row[], { total: number }[]]>;
}

/**
 * THE list sequence: parse the query → read one page and the total at once → present the rows
 * (relations, `fields=`) → page links. Every `GET /v1/<collection>` goes through here.
 */
export async function listPage<Row, Item>(
  origin: string,
  request: ListRequest,
  spec: ListSpec,
  source: ListSource<Row>,
  present: (rows: Row[], query: ListQuery) => Item[] | Promise<Item[]>,
) {
  const query = parseListQuery(request.params, spec, source.idColumn);
  const where = and(source.scope, query.where);
  const page = source.select(where).orderBy(...query.orderBy).limit(query.perPage).offset((query.page - 1) * query.perPage);
  const [rows, [totals]] = source.run ? await source.run(page, source.count(where)) : await Promise.all([page, source.count(where)]);
  return { data: await present(rows, query), ...pagination(origin, request, query, totals?.total ?? 0, rows.length) };
}

/** The page links and meta of a page: for lists that are not a plain select (aggregates) but page the same way. */
export function pagination(origin: string, request: ListRequest, query: Pick<ListQuery, 'page' | 'perPage'>, total: number, count: number): { links: PageLinks; meta: PageMeta } {
  const lastPage = Math.max(1, Math.ceil(total / query.perPage));
  const link = (page: number) => {
    const url = new URL(request.path, origin);
    url.search = request.params.toString();
    url.searchParams.set('page', String(page));
    return url.toString();
  };
  const from = count ? (query.page - 1) * query.perPage + 1 : null;
  return {
    links: {
      first: link(1),
      last: link(lastPage),
      prev: query.page > 1 ? link(Math.min(query.page - 1, lastPage)) : null,
      next: query.page < lastPage ? link(query.page + 1) : null,
    },
    meta: {
      current_page: query.page,
      from,
      last_page: lastPage,
      per_page: query.perPage,
      to: from === null ? null : from + count - 1,
      total,
    },
  };
}
