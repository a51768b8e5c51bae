import { listRequestOf } from '../../lib/list-query';
import { createRouter } from '../../lib/create-router';
import { serviceContext } from '../../lib/service-context';
import { importUsers } from '../../services/users/user-import';
import { createUser, getUser, listUsers, updateUser } from '../../services/users/users';
import { eraseUser } from '../../services/privacy/erase';
import { exportUser } from '../../services/privacy/export';
import { CreateUserSchema } from './users.schemas';
import { createUserRoute, deleteUserRoute, exportUserRoute, getUserRoute, importUsersRoute, listUsersRoute, updateUserRoute } from './users.routes';

const relationsOf = (w: string | undefined) => (w === 'all' ? ['campaign', 'referrer', 'rewards_due', 'rewards_issued'] : (w?.split(',').map((s) => s.trim()) ?? []));

export const usersRouter = createRouter()
  .openapi(createUserRoute, async (c) => {
    const { user, created } = await createUser(serviceContext(c), c.req.valid('json'));
    return created ? c.json(user, 201) : c.json(user, 200);
  })
  .openapi(importUsersRoute, async (c) => {
    const { rows, campaign_id } = c.req.valid('json');
    return c.json(await importUsers(serviceContext(c), (row) => CreateUserSchema.safeParse(row), rows, campaign_id), 200);
  })
  .openapi(listUsersRoute, async (c) => c.json(await listUsers(serviceContext(c), listRequestOf(c.req.url)), 200))
  .openapi(getUserRoute, async (c) => {
    const user = await getUser(serviceContext(c), c.req.valid('param').id, relationsOf(c.req.valid('query').with));
    return c.json(user, 200);
  })
  .openapi(updateUserRoute, async (c) => c.json(await updateUser(serviceContext(c), c.req.valid('param').id, c.req.valid('json')), 200))
  .openapi(exportUserRoute, async (c) => c.json(await exportUser(serviceContext(c), c.req.valid('param').id), 200))
  .openapi(deleteUserRoute, async (c) => {
    await eraseUser(serviceContext(c), c.req.valid('param').id);
    return c.body(null, 204);
  });
