import { beforeAll, expect, it } from 'vitest';
import { call, workspace } from '../helpers';
import { createEndpoint, deliveries, received, until, verify } from './helpers';

let admin: string;
beforeAll(async () => {
  admin = (await workspace()).test.adminKey;
});

it('smoke', async () => {
  const endpoint = await createEndpoint(admin, 'smoke');
  const user = await call('POST', '/v1/users', { key: admin, body: { external_id: 'smoke-1', name: 'Smoke' } });
  expect(user.status).toBe(201);
  const got = await until('a request', async () => (await received('smoke')).at(0));
  const payload = verify(endpoint.secret, got);
  expect(payload.type).toBe('user.created');
  console.log(await deliveries(admin, endpoint.id));
});
