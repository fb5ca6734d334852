import { after, before, describe, it } from 'node:test';
import { assertDocumentsEveryRoute } from '@commerce-sync/service-kit/openapi-conformance';
import { startPaymentsHarness } from '../testing/payments-harness.ts';

describe('payments /openapi.json', () => {
  let h: Awaited<ReturnType<typeof startPaymentsHarness>>;
  before(async () => {
    h = await startPaymentsHarness();
  });
  after(() => h.close());
  it('when the service runs, then /openapi.json is valid OpenAPI 3.1 and documents every route its router mounts', async () => {
    await assertDocumentsEveryRoute(h.url);
  });
});
