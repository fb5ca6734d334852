import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { waitFor } from '@commerce-sync/test/support/infra';
import { type CommandTally, tallyCommands } from '@commerce-sync/test/support/store-commands';
import { startPaymentsHarness } from './testing/payments-harness.ts';

const ORDERS = 30;

/**
 * The store round trips payments spends, counted on the service's own connection: a
 * command writes its payment once (no read when this process wrote the payment last), and
 * a Stripe webhook records its event, settles it before answering, and writes the payment
 * only when the event tells it something new.
 */
describe('payments: store round trips per command and per Stripe webhook', () => {
  let h: Awaited<ReturnType<typeof startPaymentsHarness>>;
  let tally: CommandTally;
  before(async () => {
    h = await startPaymentsHarness();
    // Mongoose's driver and the support's are the same package at two paths: one client.
    tally = tallyCommands(h.service.connection.getClient() as unknown as Parameters<typeof tallyCommands>[0]);
  });
  after(async () => {
    tally?.close();
    await h?.close();
  });

  const authorize = (orderId: string) => ({
    orderId,
    amountMinor: 2599,
    currency: 'USD',
    paymentMethod: 'pm_card_visa',
  });
  const events = () => h.db.collection('stripe_events').countDocuments();
  const settled = async () => (await h.db.collection('stripe_events_pending').countDocuments()) === 0;
  const outboxEmpty = async () =>
    (await h.db.collection('payments').countDocuments({ outboxAt: { $ne: null } })) === 0;
  const own = () => tally.own((k) => k.startsWith('aggregate '));

  it(`when ${ORDERS} payments are authorised and captured, then each command writes once and reads nothing`, async () => {
    const warm = `trips:warm-${Date.now()}`;
    await h.send('payment.authorize', authorize(warm));
    await h.expectEvent('payment.authorized', warm);
    await waitFor(outboxEmpty, { what: 'warm-up outbox emptied' });

    const ids = Array.from({ length: ORDERS }, (_, i) => `trips:${i}-${Date.now()}`);
    const eventsBefore = await events();
    tally.start();
    await Promise.all(ids.map((id) => h.send('payment.authorize', authorize(id))));
    await Promise.all(ids.map((id) => h.expectEvent('payment.authorized', id)));
    await Promise.all(ids.map((id) => h.send('payment.capture', { orderId: id })));
    await Promise.all(ids.map((id) => h.expectEvent('payment.captured', id)));
    await waitFor(outboxEmpty, { timeoutMs: 30_000, what: 'outboxes emptied' });
    // Every webhook the two steps caused has been received and settled.
    await h.sim.sim.webhooks.sender.idle();
    await waitFor(settled, {
      timeoutMs: 30_000,
      what: 'webhooks settled',
    });
    tally.stop();
    const webhooks = (await events()) - eventsBefore;
    const all = tally.describe();
    console.log(`${ORDERS} authorise + capture, ${webhooks} webhooks recorded: ${all}`);

    // Commands: the first read of a new payment (authorise), then one write per command; a
    // webhook that overtakes the authorisation's write reads the payment once more.
    const reads = tally.counts.get('find payments') ?? 0;
    assert.ok(reads <= ORDERS * 1.2, `${reads} payment reads for ${ORDERS} orders: ${all}`);
    assert.equal(tally.counts.get('find inbox') ?? 0, 0, `no inbox read before a command: ${all}`);
    const writes = (tally.counts.get('insert payments') ?? 0) + (tally.counts.get('update payments') ?? 0);
    assert.ok(writes <= ORDERS * 2 + 2, `${writes} payment writes for ${ORDERS * 2} commands: ${all}`);
    // Webhooks: the event recorded, then its outcome (2): no marker, no payment read; 4
    // while each webhook also wrote and deleted a pending marker.
    // A marker only for a webhook that overtook its payment's first write and must look again
    // a second later (a race of the simulator's delivery with the command's answer): a few.
    const markers = tally.counts.get('insert stripe_events_pending') ?? 0;
    assert.ok(markers <= webhooks / 10, `${markers} markers for ${webhooks} webhooks: ${all}`);
    const perMessage = own() / (ORDERS * 2 + webhooks);
    console.log(`per consumed message or webhook: ${perMessage.toFixed(2)} own`);
    assert.ok(webhooks >= ORDERS, `${webhooks} webhooks for ${ORDERS} orders`);
    assert.ok(perMessage <= 1.9, `${perMessage.toFixed(2)} per message: ${all}`);
  });
});
