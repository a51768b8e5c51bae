import { and, count, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { inValues } from '../../db/d1-limits';
import { rewards, type VoucherPool, voucherPools, vouchers } from '../../db/schema';
import { notFound, unprocessable } from '../../lib/errors';
import { newId } from '../../lib/ids';
import { type ListRequest, type ListSpec, listPage, pickFields } from '../../lib/list-query';
import { findCampaign } from '../campaigns/campaigns';
import { auditInsert } from '../../outbox/audit';
import type { ServiceContext } from '../../lib/service-context';

export interface PoolInput {
  name: string;
  campaign_id?: string;
  currency?: string;
  value?: number;
  low_stock_threshold?: number;
}

export interface PoolStock {
  available: number;
  assigned: number;
  redeemed: number;
  total: number;
  waiting_rewards: number;
}

export function toPoolResource(p: VoucherPool, stock: PoolStock) {
  return {
    id: p.id,
    object: 'voucher_pool' as const,
    name: p.name,
    campaign_id: p.campaignId,
    currency: p.currency,
    value: p.value,
    low_stock_threshold: p.lowStockThreshold,
    stock,
    low_stock: stock.available < p.lowStockThreshold,
    created_at: p.createdAt,
    updated_at: p.updatedAt,
  };
}

export const poolListSpec: ListSpec = {
  columns: { id: voucherPools.id, name: voucherPools.name, campaign_id: voucherPools.campaignId, currency: voucherPools.currency, created_at: voucherPools.createdAt },
  fields: ['id', 'object', 'name', 'campaign_id', 'currency', 'value', 'low_stock_threshold', 'stock', 'low_stock', 'created_at', 'updated_at'],
  relations: [],
  defaultOrder: 'created_at',
};

/** Codes per state and rewards waiting for a code, for each pool (two grouped queries). */
export async function poolStocks(db: Db, environmentId: string, poolIds: string[]): Promise<Map<string, PoolStock>> {
  const stocks = new Map(poolIds.map((id) => [id, { available: 0, assigned: 0, redeemed: 0, total: 0, waiting_rewards: 0 }]));
  if (!poolIds.length) return stocks;
  const [codes, waiting] = await Promise.all([
    db
      .select({ poolId: vouchers.poolId, status: vouchers.status, n: count() })
      .from(vouchers)
      .where(and(eq(vouchers.environmentId, environmentId), inValues(vouchers.poolId, poolIds)))
      .groupBy(vouchers.poolId, vouchers.status),
    db
      .select({ poolId: rewards.voucherPoolId, n: count() })
      .from(rewards)
      .where(and(eq(rewards.environmentId, environmentId), inValues(rewards.voucherPoolId, poolIds), eq(rewards.status, 'pending'), sql`${rewards.voucherCode} IS NULL`))
      .groupBy(rewards.voucherPoolId),
  ]);
  for (const row of codes) {
    const s = stocks.get(row.poolId) as PoolStock;
    s[row.status] = row.n;
    s.total += row.n;
  }
  for (const row of waiting) if (row.poolId) (stocks.get(row.poolId) as PoolStock).waiting_rewards = row.n;
  return stocks;
}

export async function findPool(db: Db, environmentId: string, id: string) {
  return db
    .select()
    .from(voucherPools)
    .where(and(eq(voucherPools.environmentId, environmentId), eq(voucherPools.id, id)))
    .get();
}

export async function getPool(ctx: ServiceContext, id: string) {
  const pool = await findPool(ctx.db, ctx.caller.environmentId, id);
  if (!pool) throw notFound('voucher pool', id);
  const stocks = await poolStocks(ctx.db, ctx.caller.environmentId, [pool.id]);
  return toPoolResource(pool, stocks.get(pool.id) as PoolStock);
}

export async function createPool(ctx: ServiceContext, input: PoolInput) {
  if (input.campaign_id && !(await findCampaign(ctx.db, ctx.caller.environmentId, input.campaign_id))) {
    const message = `No campaign '${input.campaign_id}' in this environment.`;
    throw unprocessable('unknown-reference', 'Cannot create this pool', message, [{ field: 'campaign_id', message }]);
  }
  const now = new Date().toISOString();
  const row: VoucherPool = {
    id: newId('vpl'),
    environmentId: ctx.caller.environmentId,
    campaignId: input.campaign_id ?? null,
    name: input.name,
    currency: input.currency ?? null,
    value: input.value ?? null,
    lowStockThreshold: input.low_stock_threshold ?? 10,
    createdAt: now,
    updatedAt: now,
  };
  const resource = toPoolResource(row, { available: 0, assigned: 0, redeemed: 0, total: 0, waiting_rewards: 0 });
  // A pool's value is what its vouchers are worth as rewards: its creation is audited, in the same batch.
  await ctx.db.batch([
    ctx.db.insert(voucherPools).values(row),
    auditInsert(ctx.db, ctx.caller, { action: 'voucher_pool.created', targetType: 'voucher_pool', targetId: row.id, before: null, after: resource }, now),
  ]);
  return resource;
}

export async function listPools(ctx: ServiceContext, request: ListRequest) {
  return listPage(ctx.origin, request, poolListSpec, {
    idColumn: voucherPools.id,
    scope: eq(voucherPools.environmentId, ctx.caller.environmentId),
    select: (where) => ctx.db.select().from(voucherPools).where(where),
    count: (where) => ctx.db.select({ total: count() }).from(voucherPools).where(where),
  }, async (rows, query) => {
    const stocks = await poolStocks(ctx.db, ctx.caller.environmentId, rows.map((p) => p.id));
    return rows.map((p) => pickFields(toPoolResource(p, stocks.get(p.id) as PoolStock), query.fields, []));
  });
}
