import type { Db } from '../../db/client';
import { chunkInsert } from '../../db/d1-limits';
import { admins, campaigns, environments, instanceSetup, workspaces } from '../../db/schema';
import { hashPassword } from '../../lib/crypto';
import { newId } from '../../lib/ids';
import { insertKey } from './api-keys';

export interface NewWorkspace {
  name: string;
  /** Landing URL of both environments' default campaigns. */
  landingUrl?: string | null;
  admin?: { email: string; password: string };
  /** First-run setup: claim the instance in the same batch, so a second setup fails as a whole. */
  claimInstance?: boolean;
}

/**
 * A workspace with its two environments, each with a live default campaign and an
 * admin API key. Used by the local bootstrap and by tests; the dashboard's first-run
 * setup will use it too.
 */
export async function createWorkspace(db: Db, input: NewWorkspace) {
  const workspaceId = newId('ws');
  const env = { live: newId('env'), test: newId('env') };
  const landingUrl = input.landingUrl ?? null;
  const defaultCampaign = (environmentId: string) => ({
    id: newId('cmp'),
    environmentId,
    name: 'Default campaign',
    status: 'live' as const,
    isDefault: true,
    landingUrl,
    allowedDomains: landingUrl ? [new URL(landingUrl).hostname] : [],
    codePrefixSource: 'name' as const,
    codeSuffixLength: 6,
  });
  const live = defaultCampaign(env.live);
  const test = defaultCampaign(env.test);
  await db.batch([
    db.insert(workspaces).values({ id: workspaceId, name: input.name }),
    ...chunkInsert(environments, [
      { id: env.live, workspaceId, mode: 'live' as const },
      { id: env.test, workspaceId, mode: 'test' as const },
    ]).map((rows) => db.insert(environments).values(rows)),
    ...chunkInsert(campaigns, [live, test]).map((rows) => db.insert(campaigns).values(rows)),
    ...(input.admin
      ? [db.insert(admins).values({ id: newId('adm'), workspaceId, email: input.admin.email.toLowerCase(), passwordHash: await hashPassword(input.admin.password) })]
      : []),
    ...(input.claimInstance ? [db.insert(instanceSetup).values({ id: 'first-run', workspaceId })] : []),
  ]);
  const createdBy = 'bootstrap';
  const [liveKey, testKey] = await Promise.all([
    insertKey(db, { environmentId: env.live, mode: 'live', name: 'Owner key', role: 'admin', createdBy }),
    insertKey(db, { environmentId: env.test, mode: 'test', name: 'Owner key', role: 'admin', createdBy }),
  ]);
  return {
    workspaceId,
    live: { environmentId: env.live, campaignId: live.id, adminKey: liveKey.key },
    test: { environmentId: env.test, campaignId: test.id, adminKey: testKey.key },
  };
}
