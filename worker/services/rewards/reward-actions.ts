import { and, eq, inArray } from 'drizzle-orm';
import { chunkIn } from '../../db/d1-limits';
import type { Reward } from '../../db/schema';
import { rewards } from '../../db/schema';
import { type AppError, conflict, notFound } from '../../lib/errors';
import type { BudgetRelease } from '../../ledger/budget-releases';
import type { ServiceContext } from '../../lib/service-context';
import { publishEvents , eventId } from '../../outbox/events';
import { releaseHolds, TRANSITION_EVENT, TRANSITION_FROM, type Transition, type TransitionOptions, transitionRewards } from '../../ledger/reward-transitions';
import { type RewardResource, toRewardResource } from '../../domain/resources/reward';

/** Why a reward refused a transition: its current state, named. */
function refusal(transition: Transition, row: Pick<Reward, 'id' | 'status' | 'statusReason' | 'type' | 'voucherCode' | 'payoutId'>): AppError {
  if (transition === 'pay' && row.status === 'approved' && row.payoutId) {
    return conflict('in-payout-batch', 'Reserved in a payout batch', `Reward ${row.id} is in payout ${row.payoutId}; mark that batch paid or failed.`, [{ field: 'payout_id', message: row.payoutId }]);
  }
  if (transition === 'approve' && row.status === 'pending' && row.type === 'voucher' && !row.voucherCode) {
    const when = row.statusReason === 'awaiting_approval' ? 'approve it once its pool has a code' : 'it is approved when its pool has a code';
    return conflict('voucher-not-assigned', 'Voucher not assigned yet', `Reward ${row.id} is pending without a voucher code; ${when}.`, [
      { field: 'status', message: 'pending' },
    ]);
  }
  const from = TRANSITION_FROM[transition].join(' or ');
  return conflict('invalid-transition', 'Invalid transition', `Reward ${row.id} is ${row.status}; only ${from} rewards can be ${TRANSITION_EVENT[transition].status}.`, [
    { field: 'status', message: row.status },
  ]);
}

/**
 * Cancelled rewards that had charged their campaign's budget give it back, once each. The
 * cancel has committed: if the campaign object cannot be reached, the request still succeeds
 * and the rewards stay marked as owed (`budget_released_at` null) for the object's alarm sweep.
 */
async function releaseBudgets(ctx: ServiceContext, cancelled: Reward[]): Promise<void> {
  const byCampaign = new Map<string, BudgetRelease[]>();
  for (const r of cancelled) {
    if (r.budgetCharged > 0) byCampaign.set(r.campaignId, [...(byCampaign.get(r.campaignId) ?? []), { rewardId: r.id, amount: r.budgetCharged, currency: r.currency }]);
  }
  await Promise.all(
    [...byCampaign].map(async ([campaignId, items]) => {
      try {
        await ctx.env.CAMPAIGN.getByName(campaignId).releaseBudget(campaignId, items);
      } catch (err) {
        console.error(`budget release for campaign ${campaignId} failed; its alarm sweep will retry`, err);
      }
    }),
  );
}

async function apply(ctx: ServiceContext, transition: Transition, ids: string[], options: TransitionOptions): Promise<Reward[]> {
  await releaseHolds(ctx.db, { environmentId: ctx.caller.environmentId });
  const changed = await transitionRewards(ctx.db, ctx.caller.environmentId, transition, ids, options, ctx.caller);
  // Written with the change; handing them to the queue now only saves waiting for the sweep.
  await publishEvents(ctx.env, changed.map((r) => eventId(TRANSITION_EVENT[transition].type, r.id)));
  if (transition === 'cancel') await releaseBudgets(ctx, changed);
  return changed;
}

export async function transitionReward(ctx: ServiceContext, transition: Transition, id: string, options: TransitionOptions): Promise<RewardResource> {
  const [changed] = await apply(ctx, transition, [id], options);
  if (changed) return toRewardResource(changed);
  const row = await ctx.db
    .select()
    .from(rewards)
    .where(and(eq(rewards.environmentId, ctx.caller.environmentId), eq(rewards.id, id)))
    .get();
  if (!row) throw notFound('reward', id);
  throw refusal(transition, row);
}

export interface BulkOutcome {
  id: string;
  ok: boolean;
  status: Reward['status'] | null;
  reward?: RewardResource;
  error?: { type: string; detail: string };
}

/** Applies one transition to up to 500 rewards; each id reports what happened to it. */
export async function transitionRewardsInBulk(ctx: ServiceContext, transition: Transition, ids: string[], options: TransitionOptions) {
  const unique = [...new Set(ids)];
  const changed = new Map((await apply(ctx, transition, unique, options)).map((r) => [r.id, r]));
  const rest = unique.filter((id) => !changed.has(id));
  const current = new Map(
    (
      await Promise.all(
        chunkIn(rest, 1).map((chunk) =>
          ctx.db
            .select({ id: rewards.id, status: rewards.status, statusReason: rewards.statusReason, type: rewards.type, voucherCode: rewards.voucherCode, payoutId: rewards.payoutId })
            .from(rewards)
            .where(and(eq(rewards.environmentId, ctx.caller.environmentId), inArray(rewards.id, chunk)))
            .all(),
        ),
      )
    )
      .flat()
      .map((r) => [r.id, r]),
  );
  const results: BulkOutcome[] = unique.map((id) => {
    const done = changed.get(id);
    if (done) return { id, ok: true, status: done.status, reward: toRewardResource(done) };
    const row = current.get(id);
    if (!row) return { id, ok: false, status: null, error: { type: 'not-found', detail: `No reward with id '${id}' in this environment.` } };
    const err = refusal(transition, row);
    return { id, ok: false, status: row.status, error: { type: err.type, detail: err.detail ?? err.title } };
  });
  const succeeded = results.filter((r) => r.ok).length;
  return { object: 'bulk_result' as const, action: transition, summary: { requested: unique.length, succeeded, failed: unique.length - succeeded }, results };
}
