import { after, before, describe, it } from 'node:test';
import { assertDocumentsEveryRoute } from '@commerce-sync/service-kit/openapi-conformance';
import { type OrdersWorld, createOrdersWorld } from '../testing/orders-world.ts';

describe('orders /openapi.json', () => {
  let w: OrdersWorld;
  before(async () => {
    w = await createOrdersWorld();
  });
  after(() => w.close());
  it('when the service runs, then /openapi.json is valid OpenAPI 3.1 and documents every route its router mounts', async () => {
    await assertDocumentsEveryRoute(w.base);
  });
});
