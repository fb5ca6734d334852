import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { waitFor } from '@commerce-sync/test/support/infra';
import { type CommandTally, tallyCommands } from '@commerce-sync/test/support/store-commands';
import { createBody, createShippingWorld, type ShippingWorld } from './testing/shipping-world.ts';

const ORDERS = 30;

/**
 * The store round trips shipping spends, counted on the service's own connection: a
 * shipment.create reads the record and writes it (courier id, then label with its events
 * and key), plus the ref and the watch entry; a tracker webhook reads the shipment by `_id`
 * and writes event, dedup key and outgoing message in one guarded update.
 */
describe('shipping: store round trips per message and per tracker webhook', () => {
  let w: ShippingWorld;
  let tally: CommandTally;
  let counting = false;
  let relayReads = 0;
  before(async () => {
    w = await createShippingWorld();
    // Mongoose's driver and the support's are the same package at two paths: one client.
    tally = tallyCommands(w.connection.getClient() as unknown as Parameters<typeof tallyCommands>[0]);
    // The relay's read of a record's outbox before emptying it (one per relay round that
    // finishes a record on its own) is the relay's, not the step's: counted apart.
    w.connection.getClient().on('commandStarted', (e) => {
      const projection = (e.command as { projection?: Record<string, unknown> }).projection;
      if (counting && e.commandName === 'find' && projection && 'outbox' in projection) relayReads++;
    });
  });
  after(async () => {
    tally?.close();
    await w?.close();
  });

  const statuses = (id: string) => w.events('tracking.updated', id).map((m) => m.payload.status);
  const advance = (code: string) => w.simCall(`/trackers/${code}/advance`, 'POST', {});
  const outboxEmpty = async () =>
    (await (await w.openDb()).collection('shipments').countDocuments({ outboxAt: { $ne: null } })) === 0;
  // The test's own checks go on another connection; the count reads are not counted.
  const own = () => tally.own((k) => k.startsWith('aggregate ')) - relayReads;
  const start = () => {
    tally.start();
    relayReads = 0;
    counting = true;
  };
  const stop = () => {
    tally.stop();
    counting = false;
  };

  it(`when ${ORDERS} orders are labelled and tracked to delivered by webhooks, then each costs few round trips`, async () => {
    // Warm up: indexes, relay start, the first refs and watch writes.
    const warm = `trips.myshopify.com:warm-${Date.now()}`;
    await w.send('shipment.create', createBody(warm));
    await waitFor(() => w.events('shipment.label_purchased', warm).length > 0, { what: 'warm-up label' });
    await waitFor(outboxEmpty, { what: 'warm-up outbox emptied' });

    const ids = Array.from({ length: ORDERS }, (_, i) => `trips.myshopify.com:${i}-${Date.now()}`);
    start();
    await Promise.all(ids.map((id) => w.send('shipment.create', createBody(id))));
    await waitFor(() => ids.every((id) => w.events('shipment.label_purchased', id).length > 0), {
      timeoutMs: 60_000,
      what: 'every label',
    });
    await waitFor(outboxEmpty, { timeoutMs: 30_000, what: 'label outboxes emptied' });
    stop();
    const create = { own: own(), relay: tally.relayRounds() + relayReads, all: tally.describe() };
    console.log(`shipment.create x${ORDERS}: ${create.all}`);

    const codes = ids.map((id) => String(w.events('shipment.label_purchased', id)[0]?.payload.trackingCode));
    const queuedBefore = w.sim.stats.webhooksQueued;
    start();
    for (let step = 0; step < 6 && !ids.every((id) => statuses(id).includes('delivered')); step++) {
      await Promise.all(
        codes.map((c, i) => (statuses(ids[i] as string).includes('delivered') ? null : advance(c))),
      );
      await w.sim.sender.idle();
    }
    await waitFor(() => ids.every((id) => statuses(id).includes('delivered')), {
      timeoutMs: 30_000,
      what: 'every order delivered',
    });
    await w.sim.sender.idle();
    await waitFor(outboxEmpty, { timeoutMs: 30_000, what: 'tracking outboxes emptied' });
    stop();
    const webhooks = w.sim.stats.webhooksQueued - queuedBefore;
    const track = { own: own(), relay: tally.relayRounds() + relayReads, all: tally.describe() };
    console.log(`${webhooks} tracker webhooks: ${track.all}`);
    console.log(
      `per shipment.create: ${(create.own / ORDERS).toFixed(2)} own + ${(create.relay / ORDERS).toFixed(2)} relay; ` +
        `per webhook: ${(track.own / webhooks).toFixed(2)} own + ${(track.relay / webhooks).toFixed(2)} relay`,
    );

    assert.ok(webhooks >= ORDERS * 3, `${webhooks} webhooks for ${ORDERS} orders`);
    // A create: read the record, record the courier id (ref, then the record: read + insert),
    // write the label (read + update), list and watch the parcel (2); plus the label's first
    // tracker webhook, which reads its ref once (3). about 14 before the inbox, ref and range cuts.
    assert.ok(
      create.own / ORDERS <= 12,
      `${(create.own / ORDERS).toFixed(2)} per shipment.create: ${create.all}`,
    );
    // The rest of the webhooks read the shipment and write it, nothing else (3 before the
    // refs were kept): no ref read, no inbox.
    assert.equal(tally.counts.get('find shipment_refs') ?? 0, 0, track.all);
    assert.ok(track.own / webhooks <= 2.15, `${(track.own / webhooks).toFixed(2)} per webhook: ${track.all}`);
    assert.ok(
      track.relay / webhooks <= 0.5,
      `${track.relay} relay rounds for ${webhooks} webhooks: ${track.all}`,
    );
  });
});
