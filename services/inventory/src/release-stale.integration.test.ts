import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { waitFor } from '@commerce-sync/test/support/infra';
import { createInventoryWorld, type InventoryWorld } from './testing/inventory-world.ts';

describe('inventory: the stale-reservation job (every second, held longer than 2 s)', () => {
  let world: InventoryWorld;
  before(async () => {
    world = await createInventoryWorld({
      env: { STALE_RESERVATION_CRON: '* * * * * *', RESERVATION_MAX_AGE_MS: '2000' },
    });
  });
  after(() => world.close());

  it('when a reservation outlives its order, then its stock goes back and stock.released says so; a committed one is left alone', async () => {
    await world.send('stock.reserve', { orderId: 'stale:held', lines: [{ sku: 'TEE-M', quantity: 3 }] });
    await world.send('stock.reserve', { orderId: 'stale:done', lines: [{ sku: 'MUG-WHT', quantity: 2 }] });
    await waitFor(() => world.events('stock.reserved', 'stale:done')[0], { what: 'stale:done reserved' });
    await world.send('stock.commit', { orderId: 'stale:done' });
    await waitFor(() => world.events('stock.committed', 'stale:done')[0], { what: 'stale:done committed' });

    await waitFor(() => world.events('stock.released', 'stale:held')[0], {
      what: 'stale reservation released by the job',
      timeoutMs: 20_000,
    });
    const tee = await world.level('TEE-M');
    assert.deepEqual([tee.available, tee.reserved], [150, 0]);
    const mug = await world.level('MUG-WHT');
    assert.equal(mug.reserved, 0);
    assert.equal(world.events('stock.released', 'stale:done').length, 0);
    const metrics = await (await fetch(`http://127.0.0.1:${world.services[0]!.port}/metrics`)).text();
    assert.match(metrics, /^inventory_stale_reservations_released_total 1$/m);
  });
});
