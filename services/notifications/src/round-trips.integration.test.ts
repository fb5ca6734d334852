import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { waitFor } from '@commerce-sync/test/support/infra';
import { type CommandTally, tallyCommands } from '@commerce-sync/test/support/store-commands';
import { waitForQueuesIdle } from './testing/broker.ts';
import { createNotificationsHarness, type NotificationsHarness } from './testing/harness.ts';
import { deliveredJourney, type JourneyEvent } from './testing/order-events.ts';
import { startPrivateMailpit } from './testing/private-mailpit.ts';

const ORDERS = 60;
/** Per order: its placement, five status changes (four of them email the customer) and one courier scan. */
const MESSAGES_PER_ORDER = 7;
/**
 * Under four own round trips per message: a fact is one write (its order's document); an
 * email is its row, its claim, its record and its announcement, plus a preferences read for
 * a progress email, plus a read of the order's view for the two emails that show the
 * courier's estimate (order.status_changed names the order but carries no estimate).
 * Before: 6.57 (an inbox read and mark per message, and a fact in two writes); 4.14 while
 * every email read the view for the order's name (29 per order, now 27).
 */
const MAX_PER_MESSAGE = 3.95;
const EMAILS_PER_ORDER = 4;

function orderEvents(orderId: string): JourneyEvent[] {
  return deliveredJourney({
    orderId,
    customer: { email: `trips-${randomBytes(4).toString('hex')}@example.test`, name: 'Ada', locale: 'en' },
  });
}

/**
 * The store round trips a consumed message costs the service, counted by the driver's
 * command events on the service's own connection (the test's reads go through another).
 */
describe('notifications: store round trips per consumed message', () => {
  let h: NotificationsHarness;
  let smtp: Awaited<ReturnType<typeof startPrivateMailpit>>;
  let tally: CommandTally;

  before(async () => {
    smtp = await startPrivateMailpit();
    h = await createNotificationsHarness('notif_trips', smtp.smtpUrl);
    const svc = await h.start();
    // mongoose bundles its own copy of the driver's types: the same client at run time.
    tally = tallyCommands(svc.connection.getClient() as unknown as Parameters<typeof tallyCommands>[0]);
  });

  after(async () => {
    tally?.close();
    await h?.close();
    await smtp?.close();
  });

  async function drive(prefix: string, orders: number) {
    const ids = Array.from({ length: orders }, (_, i) => `${prefix}.test:${i}`);
    // Each order's events in order, the orders side by side.
    await Promise.all(
      ids.map(async (id) => {
        for (const e of orderEvents(id)) await h.publish(e.type, e.payload as never);
      }),
    );
    const notifications = h.db.collection('notifications');
    await waitFor(
      async () =>
        (await notifications.countDocuments({ orderId: { $in: ids }, status: 'sent' })) ===
        orders * EMAILS_PER_ORDER,
      { timeoutMs: 90_000, what: 'every email sent and recorded' },
    );
    await waitForQueuesIdle(h.config.MESSAGING_PREFIX);
    await waitFor(
      async () => (await h.db.collection('outbox').countDocuments({ outboxAt: { $ne: null } })) === 0,
      {
        timeoutMs: 30_000,
        what: 'every announcement published and its outbox emptied',
      },
    );
  }

  it(`when ${ORDERS} orders go through their status changes, then each consumed message costs at most ${MAX_PER_MESSAGE} store round trips of the service's own`, async () => {
    // Warm up (indexes, the relay's start sweep and heartbeat), then count.
    await drive('warm', 1);
    tally.start();
    await drive('trips', ORDERS);
    tally.stop();
    const messages = ORDERS * MESSAGES_PER_ORDER;
    const own = tally.own();
    console.log(
      `${(own / messages).toFixed(2)} own round trips per message (${own} for ${messages}); ` +
        `${tally.relayRounds()} relay rounds: ${tally.describe()}`,
    );
    const inbox = (await (await fetch(`${smtp.apiUrl}/api/v1/messages?limit=1`)).json()) as { total: number };
    assert.equal(inbox.total, (ORDERS + 1) * EMAILS_PER_ORDER, 'each email once');
    assert.ok(
      own / messages <= MAX_PER_MESSAGE,
      `${(own / messages).toFixed(2)} per message: ${tally.describe()}`,
    );
  });
});
