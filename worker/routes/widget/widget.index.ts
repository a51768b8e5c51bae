import { OpenAPIHono } from '@hono/zod-openapi';
import { getDb } from '../../db/client';
import { notFoundProblem, validationError, zodFieldErrors } from '../../lib/errors';
import { createUser } from '../../services/users/users';
import { referrerView } from '../../services/widget/view';
import { type WidgetEnv, widgetAccess, widgetCustomer, widgetOrigin } from './widget-access';
import { enrolWidgetReferrerRoute, getWidgetReferrerRoute } from './widget.routes';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

const router = new OpenAPIHono<WidgetEnv>({
  defaultHook: (result) => {
    if (!result.success) throw validationError(zodFieldErrors(result.error));
  },
});
router.use('/v1/widget/:publishable_key/*', widgetAccess);
router.on(['GET', 'POST'], '/v1/widget/:publishable_key/*', widgetCustomer);

export const widgetRouter = router
  .openapi(getWidgetReferrerRoute, async (c) => {
    const { environmentId } = c.get('widget');
    const view = await referrerView(getDb(c.env), environmentId, c.get('customer').sub, widgetOrigin(c));
    if (!view) throw notFoundProblem('not-enrolled', 'Not enrolled', 'This customer is not a referrer yet; POST to the same URL enrols them.');
    return c.json(view, 200);
  })
  .openapi(enrolWidgetReferrerRoute, async (c) => {
    const access = c.get('widget');
    const customer = c.get('customer');
    const db = getDb(c.env);
    const ctx = {
      db,
      env: c.env,
      // The widget may only enrol this one customer: a standard caller holding users:write alone.
      caller: {
        workspaceId: access.workspaceId,
        environmentId: access.environmentId,
        mode: access.mode,
        keyId: access.keyId,
        role: 'standard' as const,
        scopes: ['users:write' as const],
        actor: { type: 'api_key' as const, label: access.keyPrefix },
        origin: { ip: c.req.header('cf-connecting-ip') ?? null, userAgent: c.req.header('user-agent') ?? null, requestId: c.get('requestId') ?? null },
      },
      origin: widgetOrigin(c),
    };
    const { created } = await createUser(ctx, {
      external_id: customer.sub,
      name: customer.name,
      email: customer.email && EMAIL.test(customer.email) ? customer.email : null,
    });
    const view = await referrerView(db, access.environmentId, customer.sub, ctx.origin);
    if (!view) throw new Error('a referrer enrolled through the widget is missing');
    return c.json(view, created ? 201 : 200);
  });
