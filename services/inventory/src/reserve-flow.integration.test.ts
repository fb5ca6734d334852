import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { devToken } from '@commerce-sync/service-kit/dev-token';
import { waitFor } from '@commerce-sync/test/support/infra';
import { createInventoryWorld, type InventoryWorld } from './testing/inventory-world.ts';

describe('inventory service against the Shopify simulator, RabbitMQ and MongoDB', () => {
  let world: InventoryWorld;
  before(async () => {
    world = await createInventoryWorld({ env: { LOW_STOCK_THRESHOLD: '5' } });
  });
  after(() => world.close());

  const settled = (orderId: string, type: string) =>
    waitFor(() => world.events(type, orderId)[0], { what: `${type} for ${orderId}`, timeoutMs: 30_000 });

  it('when every line is in stock, then it is moved to reserved and stock.reserved names the lines', async () => {
    await world.send('stock.reserve', {
      orderId: 'it:r1',
      lines: [
        { sku: 'TEE-M', quantity: 2 },
        { sku: 'MUG-WHT', quantity: 1 },
      ],
    });
    const msg = await settled('it:r1', 'stock.reserved');
    assert.deepEqual(msg.payload.lines, [
      { sku: 'MUG-WHT', quantity: 1 },
      { sku: 'TEE-M', quantity: 2 },
    ]);
    const tee = await world.level('TEE-M');
    assert.deepEqual([tee.available, tee.reserved, tee.on_hand], [148, 2, 150]);
  });

  it('when one line is short, then the held lines are undone and stock.rejected names the short SKU', async () => {
    await world.send('stock.reserve', {
      orderId: 'it:r2',
      lines: [
        { sku: 'BOTTLE-500', quantity: 3 },
        { sku: 'PRINT-LTD', quantity: 2 },
        { sku: 'SNEAKER-42', quantity: 1 },
      ],
    });
    const msg = await settled('it:r2', 'stock.rejected');
    assert.deepEqual(msg.payload.shortages, [
      { sku: 'PRINT-LTD', requested: 2, available: 1 },
      { sku: 'SNEAKER-42', requested: 1, available: 0 },
    ]);
    const bottle = await world.level('BOTTLE-500');
    assert.deepEqual([bottle.available, bottle.reserved], [70, 0]);
    const ledger = (await world.simJson('/inventory/ledger?sku=BOTTLE-500')) as {
      name: string;
      delta: number;
    }[];
    assert.deepEqual(
      ledger.map((e) => `${e.name}${e.delta}`),
      ['available-3', 'reserved3', 'reserved-3', 'available3'],
    );
  });

  it('when a reservation is released twice, then stock goes back once and both answers are stock.released', async () => {
    await world.send('stock.reserve', { orderId: 'it:r3', lines: [{ sku: 'JACKET-L', quantity: 4 }] });
    await settled('it:r3', 'stock.reserved');
    await world.send('stock.release', { orderId: 'it:r3' });
    await world.send('stock.release', { orderId: 'it:r3' });
    await waitFor(() => world.events('stock.released', 'it:r3').length === 2, {
      what: 'two stock.released',
      timeoutMs: 30_000,
    });
    const jacket = await world.level('JACKET-L');
    assert.deepEqual([jacket.available, jacket.reserved], [20, 0]);
  });

  it('when a rejected or unknown order is released, then nothing moves and stock.released is answered', async () => {
    await world.send('stock.release', { orderId: 'it:r2' });
    await world.send('stock.release', { orderId: 'it:never-reserved' });
    await settled('it:r2', 'stock.released');
    await settled('it:never-reserved', 'stock.released');
    assert.equal((await world.level('BOTTLE-500')).available, 70);
  });

  it('when a reserved order is committed, then its units leave stock for good, once', async () => {
    await world.send('stock.reserve', { orderId: 'it:r4', lines: [{ sku: 'BEANIE-GRY', quantity: 3 }] });
    await settled('it:r4', 'stock.reserved');
    await world.send('stock.commit', { orderId: 'it:r4' });
    await world.send('stock.commit', { orderId: 'it:r4' });
    await waitFor(() => world.events('stock.committed', 'it:r4').length === 2, {
      what: 'two stock.committed',
      timeoutMs: 30_000,
    });
    const beanie = await world.level('BEANIE-GRY');
    assert.deepEqual([beanie.available, beanie.reserved, beanie.on_hand], [57, 0, 57]);
  });

  it('when the same stock.reserve is delivered 5 times, then it is reserved once', async () => {
    await world.publishDuplicates(
      'stock.reserve',
      { orderId: 'it:r5', lines: [{ sku: 'NOTE-A5-DOT', quantity: 7 }] },
      5,
    );
    await settled('it:r5', 'stock.reserved');
    await waitFor(async () => (await world.level('NOTE-A5-DOT')).reserved === 7, { what: 'reserved 7' });
    const moves = (await world.simJson('/inventory/ledger?sku=NOTE-A5-DOT')) as unknown[];
    assert.equal(moves.length, 2, 'one move: available -7, reserved +7');
  });

  it('when available falls under the threshold, then stock.low is announced once and GET /stock?low=true lists it', async () => {
    await world.send('stock.reserve', { orderId: 'it:r6', lines: [{ sku: 'HOODIE-M', quantity: 36 }] });
    await settled('it:r6', 'stock.reserved');
    const low = await waitFor(() => world.events('stock.low').find((m) => m.payload.sku === 'HOODIE-M'), {
      what: 'stock.low',
    });
    assert.deepEqual(low.payload, {
      sku: 'HOODIE-M',
      locationId: 'gid://shopify/Location/1',
      available: 4,
      threshold: 5,
    });
    const port = world.services[0]?.port;
    const auth = { authorization: `Bearer ${await devToken()}` };
    const res = await fetch(`http://127.0.0.1:${port}/stock?low=true`, { headers: auth });
    const body = (await res.json()) as { levels: { sku: string; available: number }[] };
    assert.ok(body.levels.some((l) => l.sku === 'HOODIE-M' && l.available === 4));
    const one = await fetch(`http://127.0.0.1:${port}/stock/HOODIE-M`, { headers: auth });
    assert.equal(((await one.json()) as { reserved: number }).reserved, 36);
    assert.equal((await fetch(`http://127.0.0.1:${port}/stock/HOODIE-M`)).status, 401);
    assert.equal(world.events('stock.low').filter((m) => m.payload.sku === 'HOODIE-M').length, 1);
  });

  it('when the DLQ admin router is asked without a token, then 401; with one, then the list', async () => {
    const base = `http://127.0.0.1:${world.services[0]?.port}/admin/dlq`;
    assert.equal((await fetch(base)).status, 401);
    const ok = await fetch(base, { headers: { authorization: `Bearer ${await devToken()}` } });
    assert.equal(ok.status, 200);
  });
});
