import { listRequestOf } from '../../lib/list-query';
import { createRouter } from '../../lib/create-router';
import { createCampaign, getCampaign, listCampaigns, toCampaignResource, updateCampaign } from '../../services/campaigns/campaigns';
import { serviceContext } from '../../lib/service-context';
import { createCampaignRoute, getCampaignRoute, listCampaignsRoute, updateCampaignRoute } from './campaigns.routes';

export const campaignsRouter = createRouter()
  .openapi(listCampaignsRoute, async (c) => c.json(await listCampaigns(serviceContext(c), listRequestOf(c.req.url)), 200))
  .openapi(createCampaignRoute, async (c) => c.json(toCampaignResource(await createCampaign(serviceContext(c), c.req.valid('json'))), 201))
  .openapi(getCampaignRoute, async (c) => c.json(toCampaignResource(await getCampaign(serviceContext(c), c.req.valid('param').id)), 200))
  .openapi(updateCampaignRoute, async (c) => {
    const campaign = await updateCampaign(serviceContext(c), c.req.valid('param').id, c.req.valid('json'));
    return c.json(toCampaignResource(campaign), 200);
  });
