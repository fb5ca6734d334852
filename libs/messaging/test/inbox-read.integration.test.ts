import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { waitFor } from '@commerce-sync/test/support/infra';
import { Registry } from 'prom-client';
import type { Messaging } from '../src/index.ts';
import { authorizeBody, createHarness, type Harness, rawPublishCommand } from './harness.ts';

/**
 * `handle(type, handler, { inboxRead: false })`: the consumer neither reads nor writes the
 * inbox for that type, so a duplicate reaches the handler (whose keyed effect absorbs it).
 * Both handlers here record nothing, which is what makes the difference visible.
 */
describe('handlers without the inbox read', () => {
  let h: Harness;
  let consumer: Messaging;
  const registry = new Registry();
  const runs = { 'payment.authorize': 0, 'payment.capture': 0 };

  before(async () => {
    h = await createHarness('msginbox');
    consumer = h.messaging({ registry, service: 'payments', relay: { enabled: false } });
    consumer.handle('payment.authorize', async () => {
      runs['payment.authorize']++;
    });
    consumer.handle(
      'payment.capture',
      async () => {
        runs['payment.capture']++;
      },
      { inboxRead: false },
    );
    await consumer.start();
  });

  after(async () => {
    await consumer?.stop({ deadlineMs: 2_000 });
    await h?.close();
  });

  const twice = async (type: keyof typeof runs, body: object, messageId: string) => {
    const props = { messageId, correlationId: 'shop:3003' };
    await rawPublishCommand(h, type, JSON.stringify(body), props);
    await waitFor(() => runs[type] >= 1, { what: `${type} handled once` });
    await rawPublishCommand(h, type, JSON.stringify(body), props);
  };

  it('when a message is delivered twice, then the default handler is skipped by the inbox but the one without the read runs again and leaves no key', async () => {
    await twice('payment.authorize', authorizeBody('shop:3003'), 'msg-authorize-1');
    await waitFor(
      async () => {
        const metric = await registry.getSingleMetric('messaging_duplicates_skipped_total')?.get();
        return metric?.values.some((v) => v.labels.type === 'payment.authorize' && v.value >= 1);
      },
      { what: 'authorize duplicate skipped by the inbox' },
    );
    assert.equal(runs['payment.authorize'], 1);

    await twice('payment.capture', { orderId: 'shop:3003' }, 'msg-capture-1');
    await waitFor(() => runs['payment.capture'] >= 2, { what: 'capture duplicate handled again' });

    const keys = (await h.connection.collection('inbox').find({}).toArray()).map((d) => String(d._id));
    assert.ok(
      keys.some((k) => k.endsWith(':msg-authorize-1')),
      `inbox keys: ${keys.join(', ')}`,
    );
    assert.ok(!keys.some((k) => k.endsWith(':msg-capture-1')), `inbox keys: ${keys.join(', ')}`);
  });
});
