import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { MessageType, Payload } from '@commerce-sync/contracts';
import { waitFor } from '@commerce-sync/test/support/infra';
import { waitForQueuesIdle } from '../testing/broker.ts';
import {
  createNotificationsHarness,
  type NotificationsHarness,
  TEST_SECRET,
  waitForOrderName,
} from '../testing/harness.ts';
import { mailpit } from '../testing/mailpit.ts';
import { deliveredJourney, orderPlaced, SHIPMENT, statusChanged } from '../testing/order-events.ts';
import { trackingToken } from '../domain/tracking-token.ts';

type Event = { [T in MessageType]: { type: T; payload: Payload<T> } }[MessageType];

const mail = mailpit();

function customer(locale = 'en') {
  return { email: `notif-${randomBytes(6).toString('hex')}@example.test`, name: 'Ada', locale };
}

/** Each event three times: twice with one message id (redelivery), once with a new one (replay by the producer). */
async function publishThrice(h: NotificationsHarness, events: Event[]): Promise<void> {
  for (const e of events) {
    const id = await h.publish(e.type, e.payload as never);
    await Promise.all([h.publish(e.type, e.payload as never, id), h.publish(e.type, e.payload as never)]);
    if (e.type === 'order.placed') await waitForOrderName(h, e.payload.orderId);
  }
}

async function settledMail(h: NotificationsHarness, to: string, expected: number) {
  await waitFor(async () => (await mail.messagesTo(to)).length >= expected, {
    timeoutMs: 30_000,
    what: `${expected} emails`,
  });
  await waitForQueuesIdle(h.config.MESSAGING_PREFIX);
  return mail.messagesTo(to);
}

describe('customer emails (real RabbitMQ, MongoDB-wire server, mailpit)', () => {
  let h: NotificationsHarness;
  const recipients: string[] = [];

  before(async () => {
    h = await createNotificationsHarness('notif_mail');
    // Two replicas on one queue: concurrent consumers race for the same (order, kind).
    await h.start();
    await h.start();
  });

  after(async () => {
    await h?.close();
    for (const r of recipients) await mail.deleteTo(r);
  });

  it('when every event of a delivered order arrives three times, then each of its four emails arrives once', async () => {
    const c = customer();
    recipients.push(c.email);
    const orderId = `shop.test:${randomBytes(4).toString('hex')}`;
    await publishThrice(h, deliveredJourney({ orderId, customer: c }));

    const messages = await settledMail(h, c.email, 4);
    assert.deepEqual(messages.map((m) => m.Subject).sort(), [
      'Your order #1001 arrives today',
      'Your order #1001 is confirmed',
      'Your order #1001 is on its way',
      'Your order #1001 was delivered',
    ]);
    assert.equal(new Set(messages.map((m) => m.MessageID)).size, 4, 'one Message-ID per (order, kind)');

    const shippedMail = messages.find((m) => m.Subject.includes('on its way'));
    const body = await mail.message(shippedMail?.ID ?? '');
    assert.match(body.Text, /Carrier: USPS/);
    assert.match(body.Text, /Tracking number: EZ1000000001/);
    // The label's estimate, carried by the event: no courier scan has come yet.
    assert.match(body.Text, /Estimated delivery: Wednesday 4 March/);
    assert.match(body.Text, /Order: #1001/);
    assert.match(body.Text, /- 2 × Blue mug — €49\.98/);
    assert.ok(!`${body.Text}${body.HTML}`.includes(orderId), 'no internal id in the email');
    assert.ok(body.Text.includes(`/track/${trackingToken(orderId, TEST_SECRET)}`));
    assert.match(body.HTML, /<html lang="en">/);

    const rows = await h.db.collection('notifications').find({ orderId }).toArray();
    assert.deepEqual(rows.map((r) => `${r.kind}:${r.status}:${r.attempts}`).sort(), [
      'delivered:sent:1',
      'order_confirmed:sent:1',
      'out_for_delivery:sent:1',
      'shipped:sent:1',
    ]);
    assert.ok(
      rows.every((r) => r.providerMessageId && !JSON.stringify(r).includes(c.email)),
      'no address in the log',
    );
  });

  it('when every event of a cancelled French order arrives three times, then the confirmation and the cancellation arrive once each, in French', async () => {
    const c = customer('fr-FR');
    recipients.push(c.email);
    const orderId = `shop.test:${randomBytes(4).toString('hex')}`;
    await publishThrice(h, [
      { type: 'order.placed', payload: orderPlaced({ orderId, customer: c }) },
      {
        type: 'order.status_changed',
        payload: statusChanged('fulfilling', { orderId, customer: c, from: 'capturing' }),
      },
      {
        type: 'order.status_changed',
        payload: statusChanged('cancelled', {
          orderId,
          customer: c,
          from: 'fulfilling',
          reason: 'customer_cancelled',
          money: 'refunded',
          at: '2026-03-01T11:00:00Z',
        }),
      },
    ]);
    const messages = await settledMail(h, c.email, 2);
    assert.deepEqual(messages.map((m) => m.Subject).sort(), [
      'Votre commande #1001 a été annulée',
      'Votre commande #1001 est confirmée',
    ]);
    const cancelled = await mail.message(messages.find((m) => m.Subject.includes('annulée'))?.ID ?? '');
    assert.match(cancelled.Text, /car vous nous l'avez demandé/);
    assert.match(cancelled.Text, /Un remboursement de 49,98\s€ est en cours/);
    assert.match(cancelled.Text, /- 2 × Blue mug — 49,98\s€/);
  });

  it('when the customer follows the unsubscribe link, then progress emails are skipped but a delivery problem is still sent', async () => {
    const c = customer();
    recipients.push(c.email);
    const orderId = `shop.test:${randomBytes(4).toString('hex')}`;
    const svc = await h.start();
    await h.publish('order.placed', orderPlaced({ orderId, customer: c }));
    await waitForOrderName(h, orderId);
    await h.publish(
      'order.status_changed',
      statusChanged('out_for_delivery', { orderId, customer: c, shipment: SHIPMENT }),
    );
    const [first] = await settledMail(h, c.email, 1);
    const text = (await mail.message(first?.ID ?? '')).Text;
    const link = /\/unsubscribe\/(\S+)/.exec(text)?.[1];
    assert.ok(link, 'the progress email carries an unsubscribe link');
    const headers = await mail.headers(first?.ID ?? '');
    assert.ok(headers['List-Unsubscribe']?.[0]?.includes(`/unsubscribe/${link}`));
    assert.equal(headers['List-Unsubscribe-Post']?.[0], 'List-Unsubscribe=One-Click');

    const confirm = await fetch(`http://127.0.0.1:${svc.port}/unsubscribe/${link}`);
    assert.equal(confirm.status, 200, 'a GET only asks (mail scanners follow links)');
    const done = await fetch(`http://127.0.0.1:${svc.port}/unsubscribe/${link}`, { method: 'POST' });
    assert.equal(done.status, 200);
    assert.equal(
      (await fetch(`http://127.0.0.1:${svc.port}/unsubscribe/${link}x`, { method: 'POST' })).status,
      404,
    );

    await h.publish(
      'order.status_changed',
      statusChanged('delivered', { orderId, customer: c, from: 'out_for_delivery' }),
    );
    const other = `shop.test:${randomBytes(4).toString('hex')}`;
    await h.publish(
      'order.status_changed',
      statusChanged('delivery_exception', { orderId: other, customer: c, from: 'in_transit' }),
    );
    const messages = await settledMail(h, c.email, 2);
    assert.deepEqual(messages.map((m) => m.Subject).sort(), [
      // `other` was never placed here: without its storefront name, no internal id either.
      'A problem with the delivery of your order',
      'Your order #1001 arrives today',
    ]);
    const skipped = await h.db.collection('notifications').findOne({ orderId, kind: 'delivered' });
    assert.equal(skipped?.status, 'skipped');
  });
});
