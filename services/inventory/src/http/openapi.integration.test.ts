import { after, before, describe, it } from 'node:test';
import { assertDocumentsEveryRoute } from '@commerce-sync/service-kit/openapi-conformance';
import { createInventoryWorld, type InventoryWorld } from '../testing/inventory-world.ts';

describe('inventory /openapi.json', () => {
  let w: InventoryWorld;
  before(async () => {
    w = await createInventoryWorld();
  });
  after(() => w.close());
  it('when the service runs, then /openapi.json is valid OpenAPI 3.1 and documents every route its router mounts', async () => {
    await assertDocumentsEveryRoute(`http://127.0.0.1:${w.services[0]?.port}`);
  });
});
