import { after, before, describe, it } from 'node:test';
import { assertDocumentsEveryRoute } from '@commerce-sync/service-kit/openapi-conformance';
import { createNotificationsHarness, type NotificationsHarness } from '../testing/harness.ts';

describe('notifications /openapi.json', () => {
  let h: NotificationsHarness;
  let url = '';
  before(async () => {
    h = await createNotificationsHarness('notif_openapi');
    url = `http://127.0.0.1:${(await h.start()).port}`;
  });
  after(() => h.close());
  it('when the service runs, then /openapi.json is valid OpenAPI 3.1 and documents every route its router mounts', async () => {
    await assertDocumentsEveryRoute(url);
  });
});
