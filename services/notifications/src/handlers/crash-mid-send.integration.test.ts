import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, describe, it } from 'node:test';
import { infraUrls, waitFor } from '@commerce-sync/test/support/infra';
import nodemailer from 'nodemailer';
import { notificationId } from '../adapters/notification-log.ts';
import { emailMessageId } from '../domain/email-message-id.ts';
import { recipientHash } from '../domain/recipient.ts';
import { waitForQueuesIdle } from '../testing/broker.ts';
import { createNotificationsHarness, type NotificationsHarness, TEST_SECRET } from '../testing/harness.ts';
import { mailpit } from '../testing/mailpit.ts';
import { statusChanged } from '../testing/order-events.ts';

const mail = mailpit();

/**
 * What a sender killed between the server's 250 and its record leaves behind: the email in the
 * mailbox, the row still pending, and claim 1 expired without a release.
 */
async function killedMidSend(h: NotificationsHarness) {
  const email = `crash-${randomBytes(6).toString('hex')}@example.test`;
  const order = statusChanged('fulfilling', {
    orderId: `crash.test:${randomBytes(4).toString('hex')}`,
    customer: { email, name: 'Ada', locale: 'en' },
  });
  const id = notificationId(order.orderId, 'order_confirmed');
  const messageId = emailMessageId(order.orderId, 'order_confirmed', h.config.MAIL_FROM);
  const at = new Date(Date.now() - 120_000);
  await h.db.collection<Record<string, unknown> & { _id: string }>('notifications').insertOne({
    _id: id,
    orderId: order.orderId,
    kind: 'order_confirmed',
    status: 'pending',
    attempts: 0,
    recipientHash: recipientHash(email, TEST_SECRET),
    emailMessageId: messageId,
    createdAt: at,
    updatedAt: at,
  });
  await h.db.collection<Record<string, unknown> & { _id: string }>('notification_claims').insertOne({
    _id: `${id}#1`,
    key: id,
    n: 1,
    owner: 'killed-replica',
    at,
    until: new Date(at.getTime() + 60_000),
    released: false,
  });
  const smtp = nodemailer.createTransport({ url: infraUrls().smtp });
  await smtp.sendMail({
    from: h.config.MAIL_FROM,
    to: email,
    subject: 'Order confirmed',
    text: '…',
    messageId,
  });
  smtp.close();
  return { order, id, email };
}

async function settle(h: NotificationsHarness, id: string, email: string) {
  const row = await waitFor(
    async () => {
      const r = await h.db
        .collection<{ _id: string; status: string; providerMessageId?: string }>('notifications')
        .findOne({ _id: id });
      return r?.status === 'sent' && r;
    },
    { what: 'notification recorded as sent', timeoutMs: 20_000 },
  );
  await waitForQueuesIdle(h.config.MESSAGING_PREFIX);
  return { row, inbox: await mail.messagesTo(email) };
}

describe('notifications: an email whose sender was killed after the SMTP server accepted it', () => {
  const harnesses: NotificationsHarness[] = [];
  const recipients: string[] = [];
  after(async () => {
    await Promise.all(harnesses.map((h) => h.close()));
    for (const r of recipients) await mail.deleteTo(r);
  });

  it('when mailpit can be asked, then the next holder finds the email, records it with its id and sends nothing', async () => {
    const h = await createNotificationsHarness('notif_crash');
    harnesses.push(h);
    await h.start({ MAILPIT_API_URL: infraUrls().mailpitApi });
    const { order, id, email } = await killedMidSend(h);
    recipients.push(email);
    await h.publish('order.status_changed', order);
    const { row, inbox } = await settle(h, id, email);
    assert.equal(inbox.length, 1, 'one email in the mailbox');
    assert.equal(row.providerMessageId, inbox[0]?.ID);
  });

  it('when there is no way to ask, then the email is sent again under the same Message-ID (the documented fallback)', async () => {
    const h = await createNotificationsHarness('notif_crash_nolookup');
    harnesses.push(h);
    await h.start({ MAILPIT_API_URL: undefined });
    const { order, id, email } = await killedMidSend(h);
    recipients.push(email);
    await h.publish('order.status_changed', order);
    const { inbox } = await settle(h, id, email);
    assert.equal(inbox.length, 2);
    assert.equal(inbox[0]?.MessageID, inbox[1]?.MessageID);
  });
});
