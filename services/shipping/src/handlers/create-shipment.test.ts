import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Envelope } from '@commerce-sync/messaging';
import { createShipment, type CreateShipmentDeps } from './create-shipment.ts';

/** The handler runs without the messaging inbox (service.ts): its own key absorbs repeats. */
describe('shipment.create redelivered after it failed for good', () => {
  const msg = {
    messageId: 'm-1',
    attempt: 1,
    timestamp: new Date(),
    payload: { orderId: 'shop:1', reference: 'shop:1', to: {}, lines: [] },
  } as unknown as Envelope<never>;
  const depsWith = (inbox: { key: string; at: Date }[]) => {
    const calls: string[] = [];
    const record = { _id: 'shop:1', reference: 'shop:1', status: 'failed', inbox };
    const deps = {
      shipments: {
        model: { findById: () => ({ lean: async () => record }) },
        apply: async () => {
          calls.push('apply');
          return { applied: true, doc: null };
        },
      },
      courier: new Proxy({}, { get: (_t, name) => async () => calls.push(`courier.${String(name)}`) }),
      refs: { remember: async () => calls.push('remember') },
      watch: { watch: async () => calls.push('watch') },
      policy: {},
      allowlist: [],
      shipFrom: {},
    } as unknown as CreateShipmentDeps;
    return { deps, calls };
  };

  it('when its key is on the record, then nothing is started again', async () => {
    const { deps, calls } = depsWith([{ key: 'shipment.create:m-1', at: new Date() }]);
    await createShipment(deps)(msg as never);
    assert.deepEqual(calls, []);
  });

  it('when the record failed under another command, then this one starts over', async () => {
    const { deps, calls } = depsWith([{ key: 'shipment.create:m-0', at: new Date() }]);
    await createShipment(deps)(msg as never).catch(() => {});
    assert.ok(calls.includes('courier.createShipment'), calls.join());
  });
});
