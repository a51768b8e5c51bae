import { scoped } from '../../lib/auth';
import { createRoute, z } from '@hono/zod-openapi';
import { errorResponses, IdParams, jsonBody, jsonContent, ListQuerySchema } from '../../lib/openapi';
import { CampaignPageSchema, CampaignSchema, CreateCampaignSchema, UpdateCampaignSchema } from './campaigns.schemas';

const tags = ['Campaigns'];
const CampaignIdParams = IdParams.extend({
  id: z.string().min(1).max(128).openapi({ param: { name: 'id', in: 'path' }, description: "The campaign id, or `default` for the environment's default campaign." }),
});

export const listCampaignsRoute = createRoute({
  method: 'get',
  path: '/v1/campaigns',
  ...scoped('read'),
  tags,
  summary: 'List campaigns',
  request: { query: ListQuerySchema },
  responses: { 200: jsonContent(CampaignPageSchema, 'A page of campaigns.'), ...errorResponses(400, 401, 403) },
});

export const createCampaignRoute = createRoute({
  method: 'post',
  path: '/v1/campaigns',
  ...scoped('campaigns:write'),
  tags,
  summary: 'Create a campaign',
  request: { body: jsonBody(CreateCampaignSchema) },
  responses: { 201: jsonContent(CampaignSchema, 'Created.'), ...errorResponses(400, 401, 403, 413, 415, 422) },
});

export const getCampaignRoute = createRoute({
  method: 'get',
  path: '/v1/campaigns/{id}',
  ...scoped('read'),
  tags,
  summary: 'Get a campaign',
  request: { params: CampaignIdParams },
  responses: { 200: jsonContent(CampaignSchema, 'The campaign.'), ...errorResponses(401, 403, 404) },
});

export const updateCampaignRoute = createRoute({
  method: 'patch',
  path: '/v1/campaigns/{id}',
  ...scoped('campaigns:write'),
  tags,
  summary: 'Update a campaign',
  description: 'Pause, resume or end it, change its landing URL, allowed domains or code format. An ended campaign cannot be reopened.',
  request: { params: CampaignIdParams, body: jsonBody(UpdateCampaignSchema) },
  responses: { 200: jsonContent(CampaignSchema, 'The updated campaign.'), ...errorResponses(400, 401, 403, 404, 409, 413, 415, 422) },
});
