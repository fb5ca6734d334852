import { after, before, describe, it } from 'node:test';
import { assertDocumentsEveryRoute } from '@commerce-sync/service-kit/openapi-conformance';
import { createShippingWorld, type ShippingWorld } from '../testing/shipping-world.ts';

describe('shipping /openapi.json', () => {
  let w: ShippingWorld;
  before(async () => {
    w = await createShippingWorld();
  });
  after(() => w.close());
  it('when the service runs, then /openapi.json is valid OpenAPI 3.1 and documents every route its router mounts', async () => {
    await assertDocumentsEveryRoute(w.baseUrl);
  });
});
