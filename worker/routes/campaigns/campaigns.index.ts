import { listRequestOf } from '../../lib/list-query';
import { createRouter } from '../../lib/create-router';
import { budgetUsage, createCampaign, getCampaign, listCampaigns, toCampaignResource, updateCampaign } from '../../services/campaigns/campaigns';
import { serviceContext } from '../../lib/service-context';
import { createCampaignRoute, getCampaignRoute, listCampaignsRoute, updateCampaignRoute } from './campaigns.routes';

export const campaignsRouter = createRouter()
  .openapi(listCampaignsRoute, async (c) => c.json(await listCampaigns(serviceContext(c), listRequestOf(c.req.url)), 200))
  .openapi(createCampaignRoute, async (c) => c.json(toCampaignResource(await createCampaign(serviceContext(c), c.req.valid('json'))), 201))
  .openapi(getCampaignRoute, async (c) => {
    const campaign = await getCampaign(serviceContext(c), c.req.valid('param').id);
    // Decisions of the campaign object not yet in D1 (normally none): read from the object itself.
    const object = c.env.CAMPAIGN.getByName(campaign.id);
    const [lag, spent] = await Promise.all([object.projectionLag(), object.budgetSpent(campaign.budgetCurrency)]);
    return c.json({ ...toCampaignResource(campaign), budget_usage: budgetUsage(campaign.budgets, spent), projection_lag: lag }, 200);
  })
  .openapi(updateCampaignRoute, async (c) => {
    const campaign = await updateCampaign(serviceContext(c), c.req.valid('param').id, c.req.valid('json'));
    return c.json(toCampaignResource(campaign), 200);
  });
