import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { waitFor } from '@commerce-sync/test/support/infra';
import { createInventoryWorld, type InventoryWorld } from './testing/inventory-world.ts';

describe('inventory under contention and a faulty Shopify', () => {
  let world: InventoryWorld;
  before(async () => {
    world = await createInventoryWorld({ replicas: 2 });
  });
  after(() => world.close());

  it('when 50 orders race for 10 units across 2 replicas, then exactly 10 are reserved, 40 rejected, never below zero', async () => {
    // Shopify lets `available` go negative when a shop allows overselling: switch the
    // simulator's own guard off so only our compare-and-swap stands between us and overselling.
    await world.simPut('/inventory/config', { refuseNegativeMoves: false });
    await world.simPut('/inventory/levels/TOTE-NAT', { available: 10 });
    const orders = Array.from({ length: 50 }, (_, i) => `race:${i}`);
    await Promise.all(
      orders.map((orderId) =>
        world.send('stock.reserve', { orderId, lines: [{ sku: 'TOTE-NAT', quantity: 1 }] }),
      ),
    );
    await waitFor(
      () =>
        orders.every((o) =>
          world.events(undefined, o).some((m) => m.type === 'stock.reserved' || m.type === 'stock.rejected'),
        ),
      {
        what: 'an answer for every order',
        timeoutMs: 60_000,
      },
    );
    const answers = orders.map((o) => world.events(undefined, o).find((m) => m.type !== 'stock.low')?.type);
    assert.equal(answers.filter((t) => t === 'stock.reserved').length, 10);
    assert.equal(answers.filter((t) => t === 'stock.rejected').length, 40);
    const tote = await world.level('TOTE-NAT');
    assert.deepEqual([tote.available, tote.reserved], [0, 10]);
    const ledger = (await world.simJson('/inventory/ledger?sku=TOTE-NAT')) as {
      name: string;
      quantityAfterChange: number;
    }[];
    assert.ok(
      ledger.every((e) => e.name !== 'available' || e.quantityAfterChange >= 0),
      'available never went negative',
    );
  });

  it('when Shopify throttles and answers 503 a third of the time, then every reservation still lands exactly once', async () => {
    await world.simPut('/throttle', { maximumAvailable: 40, restoreRate: 40 });
    await world.simPut('/faults', {
      rules: [{ match: '^POST /admin/api/', errorRate: 0.3, errorStatus: 503 }],
    });
    const orders = Array.from({ length: 12 }, (_, i) => `fault:${i}`);
    for (const orderId of orders)
      await world.send('stock.reserve', { orderId, lines: [{ sku: 'STICKERS-10', quantity: 2 }] });
    await waitFor(() => orders.every((o) => world.events('stock.reserved', o).length > 0), {
      what: 'all reserved',
      timeoutMs: 90_000,
    });
    await world.simPut('/faults', { rules: [] });
    const stickers = await world.level('STICKERS-10');
    assert.deepEqual([stickers.available, stickers.reserved], [500 - 24, 24]);
    const state = (await world.simJson('/throttle')) as { throttled: number };
    assert.ok(state.throttled > 0, 'the throttle answered THROTTLED at least once');
  });
});
