import type { z } from '@hono/zod-openapi';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { createRouter } from '../../lib/create-router';
import { AppError } from '../../lib/errors';
import { listRequestOf } from '../../lib/list-query';
import { serviceContext } from '../../lib/service-context';
import { connectIntegration, disconnectIntegration, PROVIDERS } from '../../services/integrations/connections';
import { signedSample } from '../../services/integrations/sample';
import { integrationStatus, listBillingEvents } from '../../services/integrations/status';
import { billingHooksRouter } from '../integration-hooks/integration-hooks.index';
import type { BillingReceiptSchema } from '../integration-hooks/integration-hooks.routes';
import {
  connectIntegrationRoute,
  disconnectIntegrationRoute,
  listBillingEventsRoute,
  listIntegrationsRoute,
  sendSampleRoute,
} from './integrations.routes';

type BillingReceipt = z.infer<typeof BillingReceiptSchema>;

export const integrationsRouter = createRouter()
  .openapi(listIntegrationsRoute, async (c) => {
    const ctx = serviceContext(c);
    return c.json({ data: await Promise.all(PROVIDERS.map((p) => integrationStatus(ctx, p))) }, 200);
  })
  .openapi(connectIntegrationRoute, async (c) => {
    const ctx = serviceContext(c);
    const { provider } = c.req.valid('param');
    await connectIntegration(ctx, provider, c.req.valid('json').secret);
    return c.json(await integrationStatus(ctx, provider), 200);
  })
  .openapi(disconnectIntegrationRoute, async (c) => {
    await disconnectIntegration(serviceContext(c), c.req.valid('param').provider);
    return c.body(null, 204);
  })
  .openapi(listBillingEventsRoute, async (c) => c.json(await listBillingEvents(serviceContext(c), c.req.valid('param').provider, listRequestOf(c.req.url)), 200))
  .openapi(sendSampleRoute, async (c) => {
    const body = c.req.header('content-type') ? c.req.valid('json') : {};
    const sample = await signedSample(serviceContext(c), c.req.valid('param').provider, body.code);
    // Through the public endpoint's own router: body limit, signature check, mapping, exactly as a provider's delivery.
    const url = new URL(sample.path, c.req.url);
    const response = await billingHooksRouter.request(url.toString(), { method: 'POST', headers: sample.headers, body: sample.body }, c.env);
    if (!response.ok) {
      const problem = (await response.json()) as { type: string; title: string; detail?: string };
      throw new AppError(response.status as ContentfulStatusCode, problem.type.split('/').pop() ?? 'sample-failed', problem.title, problem.detail);
    }
    return c.json((await response.json()) as BillingReceipt, 200);
  });
