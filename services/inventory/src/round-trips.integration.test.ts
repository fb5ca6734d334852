import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { waitFor } from '@commerce-sync/test/support/infra';
import { type CommandTally, tallyCommands } from '@commerce-sync/test/support/store-commands';
import { createInventoryWorld, type InventoryWorld } from './testing/inventory-world.ts';

const ORDERS = 30;
const SKUS = ['TEE-M', 'MUG-WHT', 'BOTTLE-500'];

/**
 * The store round trips inventory spends, counted on the service's own connection: a
 * stock.reserve creates its reservation, records each line's intent and hold, keeps the
 * stock projection and writes its answer; a stock.commit reads nothing it wrote itself.
 */
describe('inventory: store round trips per reserve and commit', () => {
  let w: InventoryWorld;
  let tally: CommandTally;
  before(async () => {
    w = await createInventoryWorld();
    const service = w.services[0];
    assert.ok(service);
    // Mongoose's driver and the support's are the same package at two paths: one client.
    tally = tallyCommands(service.connection.getClient() as unknown as Parameters<typeof tallyCommands>[0]);
  });
  after(async () => {
    tally?.close();
    await w?.close();
  });

  const own = () => tally.own((k) => k.startsWith('aggregate '));
  const sku = (i: number) => SKUS[i % SKUS.length] as string;

  it(`when ${ORDERS} one-line orders are reserved and committed, then each message costs few round trips`, async () => {
    const warm = `trips:warm-${Date.now()}`;
    await w.send('stock.reserve', { orderId: warm, lines: [{ sku: 'TEE-M', quantity: 1 }] });
    await waitFor(() => w.events('stock.reserved', warm)[0], { what: 'warm-up reserved' });

    const ids = Array.from({ length: ORDERS }, (_, i) => `trips:${i}-${Date.now()}`);
    tally.start();
    await Promise.all(
      ids.map((id, i) => w.send('stock.reserve', { orderId: id, lines: [{ sku: sku(i), quantity: 1 }] })),
    );
    await waitFor(() => ids.every((id) => w.events('stock.reserved', id).length > 0), {
      timeoutMs: 30_000,
      what: 'every reservation',
    });
    tally.stop();
    const reserve = { own: own(), all: tally.describe() };
    console.log(`stock.reserve x${ORDERS}: ${reserve.all}`);

    tally.start();
    await Promise.all(ids.map((id) => w.send('stock.commit', { orderId: id })));
    await waitFor(() => ids.every((id) => w.events('stock.committed', id).length > 0), {
      timeoutMs: 30_000,
      what: 'every commit',
    });
    tally.stop();
    const commit = { own: own(), all: tally.describe() };
    console.log(`stock.commit x${ORDERS}: ${commit.all}`);
    console.log(
      `per stock.reserve: ${(reserve.own / ORDERS).toFixed(2)}; per stock.commit: ${(commit.own / ORDERS).toFixed(2)}`,
    );
    // A reserve: insert the reservation (no read first), the line's intent and hold, the
    // stock level, the answer (5; 8 with the inbox read and the reads before each write).
    assert.equal(tally.counts.get('find inbox') ?? 0, 0, reserve.all);
    assert.ok(
      reserve.own / ORDERS <= 5.2,
      `${(reserve.own / ORDERS).toFixed(2)} per reserve: ${reserve.all}`,
    );
    // A commit: the stock level and the answer, reading nothing this process wrote (2; 4 before).
    assert.ok(commit.own / ORDERS <= 2.1, `${(commit.own / ORDERS).toFixed(2)} per commit: ${commit.all}`);
  });
});
