import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { devToken } from '@commerce-sync/service-kit/dev-token';
import { waitFor } from '@commerce-sync/test/support/infra';
import { waitForQueuesIdle } from '../testing/broker.ts';
import {
  createNotificationsHarness,
  type NotificationsHarness,
  waitForOrderName,
} from '../testing/harness.ts';
import { mailpit } from '../testing/mailpit.ts';
import { orderPlaced, SHIPMENT, statusChanged } from '../testing/order-events.ts';
import { startPrivateMailpit } from '../testing/private-mailpit.ts';

const hasMailpit = existsSync(join(homedir(), '.cache/commerce-sync/bin/mailpit-v1.33.1'));

describe('SMTP failures (private mailpit stopped and started)', {
  skip: !hasMailpit && 'the cached mailpit binary is missing',
}, () => {
  let h: NotificationsHarness;
  let smtp: Awaited<ReturnType<typeof startPrivateMailpit>>;
  let port: number;

  before(async () => {
    smtp = await startPrivateMailpit({ allowedRecipients: '@example\\.test$' });
    h = await createNotificationsHarness('notif_smtp', smtp.smtpUrl);
    port = (await h.start()).port;
  });

  after(async () => {
    await h?.close();
    await smtp?.close();
  });

  it('when the SMTP server is down in the middle of an order, then the emails arrive after it is back, once each', async () => {
    const box = mailpit(smtp.apiUrl);
    const email = `outage-${randomBytes(4).toString('hex')}@example.test`;
    const orderId = `shop.test:${randomBytes(4).toString('hex')}`;
    const customer = { email, locale: 'en' };
    await h.publish('order.placed', orderPlaced({ orderId, customer }));
    await waitForOrderName(h, orderId);
    await h.publish('order.status_changed', statusChanged('fulfilling', { orderId, customer }));
    await waitFor(async () => (await box.messagesTo(email)).length === 1, { what: 'the confirmation' });

    await smtp.stop();
    await h.publish(
      'order.status_changed',
      statusChanged('shipped', { orderId, customer, shipment: SHIPMENT }),
    );
    await h.publish(
      'order.status_changed',
      statusChanged('out_for_delivery', { orderId, customer, shipment: SHIPMENT }),
    );
    const notifications = h.db.collection('notifications');
    await waitFor(
      () =>
        notifications.findOne({
          orderId,
          kind: 'out_for_delivery',
          status: 'pending',
          lastError: { $exists: true },
        }),
      {
        what: 'a failed attempt during the outage',
      },
    );

    await smtp.start();
    await waitFor(async () => (await box.messagesTo(email)).length >= 3, {
      timeoutMs: 30_000,
      what: 'the delayed emails',
    });
    await waitForQueuesIdle(h.config.MESSAGING_PREFIX);
    const subjects = (await box.messagesTo(email)).map((m) => m.Subject).sort();
    assert.deepEqual(subjects, [
      'Your order #1001 arrives today',
      'Your order #1001 is confirmed',
      'Your order #1001 is on its way',
    ]);
    const rows = await notifications.find({ orderId }).toArray();
    assert.ok(rows.every((r) => r.status === 'sent'));
    assert.ok((rows.find((r) => r.kind === 'out_for_delivery')?.attempts ?? 0) >= 2, 'it was retried');
  });

  it('when the server rejects the mailbox for good (550), then the notification is failed and visible, never retried', async () => {
    const orderId = `shop.test:${randomBytes(4).toString('hex')}`;
    const customer = { email: `nobody-${randomBytes(4).toString('hex')}@rejected.test` };
    await h.publish(
      'order.status_changed',
      statusChanged('cancelled', { orderId, customer, reason: 'out_of_stock', money: 'released' }),
    );
    const notifications = h.db.collection('notifications');
    const row = await waitFor(() => notifications.findOne({ orderId, status: 'failed' }), {
      what: 'the failed row',
    });
    await waitForQueuesIdle(h.config.MESSAGING_PREFIX);
    assert.equal((await notifications.findOne({ orderId }))?.attempts, 1, 'no retry loop');
    assert.match(String(row.lastError), /550/);
    assert.ok(!String(row.lastError).includes(customer.email), 'the address is scrubbed from the error');

    const url = `http://127.0.0.1:${port}/admin/orders/${encodeURIComponent(orderId)}/notifications`;
    assert.equal((await fetch(url)).status, 401);
    const res = await fetch(url, { headers: { authorization: `Bearer ${await devToken()}` } });
    assert.equal(res.status, 200);
    const body = (await res.json()) as {
      notifications: { kind: string; status: string; lastError: string }[];
    };
    assert.deepEqual(
      body.notifications.map((n) => `${n.kind}:${n.status}`),
      ['cancelled:failed'],
    );
    const failed = await fetch(`http://127.0.0.1:${port}/admin/notifications?status=failed`, {
      headers: { authorization: `Bearer ${await devToken()}` },
    });
    assert.ok(
      ((await failed.json()) as { notifications: { orderId: string }[] }).notifications.some(
        (n) => n.orderId === orderId,
      ),
    );
  });
});
