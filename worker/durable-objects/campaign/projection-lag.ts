import { eq } from 'drizzle-orm';
import { getDb } from '../../db/client';
import { campaigns } from '../../db/schema';
import { eventId, eventInsert, publishEvents } from '../../outbox/events';
import type { WebhookMessage } from '../../outbox/messages';
import type { ProjectionLag } from './projection-outbox';

/**
 * Writes `campaign.projection_lagging` for a campaign whose decided rewards are not all in D1
 * yet. Best effort (D1 may be what fails): returns whether the event was written, so the campaign
 * object tries again on its next alarm. One event per lagging episode (keyed by its oldest event).
 */
export async function reportProjectionLag(env: { DB: D1Database; WEBHOOK_QUEUE: Queue<WebhookMessage> }, campaignId: string, lag: ProjectionLag): Promise<boolean> {
  try {
    const db = getDb(env);
    const campaign = await db.select({ environmentId: campaigns.environmentId }).from(campaigns).where(eq(campaigns.id, campaignId)).get();
    if (!campaign) return false;
    const id = eventId('campaign.projection_lagging', `${campaignId}:${lag.oldest_at ?? ''}`);
    await eventInsert(db, { id, environmentId: campaign.environmentId, type: 'campaign.projection_lagging', data: { object: 'campaign', id: campaignId, projection_lag: lag } });
    await publishEvents(env, [id]);
    return true;
  } catch (err) {
    console.error('could not report projection lag', err);
    return false;
  }
}
