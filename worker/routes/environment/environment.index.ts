import { createRouter } from '../../lib/create-router';
import { serviceContext } from '../../lib/service-context';
import { getEnvironment, toEnvironmentResource, updateEnvironment } from '../../services/access/environments';
import { getEnvironmentRoute, rotateWidgetSecretRoute, updateEnvironmentRoute } from './environment.routes';
import { rotateWidgetSecret } from '../../services/widget/secret';

export const environmentRouter = createRouter()
  .openapi(getEnvironmentRoute, async (c) => c.json(toEnvironmentResource(await getEnvironment(serviceContext(c))), 200))
  .openapi(updateEnvironmentRoute, async (c) => c.json(toEnvironmentResource(await updateEnvironment(serviceContext(c), c.req.valid('json'))), 200))
  .openapi(rotateWidgetSecretRoute, async (c) => c.json(await rotateWidgetSecret(serviceContext(c)), 201));
