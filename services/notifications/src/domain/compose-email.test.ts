import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { NOTIFICATION_KINDS } from '@commerce-sync/contracts';
import { SHIPMENT, statusChanged } from '../testing/order-events.ts';
import { composeEmail } from './compose-email.ts';
import { notificationKindFor } from './notification-kind.ts';

const links = {
  trackingPageUrl: 'https://shop.test/track/tok',
  unsubscribeUrl: 'https://shop.test/unsubscribe/u',
};

describe('composeEmail', () => {
  it('when every kind is rendered, then text and HTML both carry the tracking page link', () => {
    for (const kind of NOTIFICATION_KINDS) {
      const mail = composeEmail(kind, statusChanged('shipped', { shipment: SHIPMENT }), links);
      assert.ok(mail.subject.includes('1001'), kind);
      assert.ok(mail.text.includes(links.trackingPageUrl), kind);
      assert.ok(mail.html.includes(`href="${links.trackingPageUrl}"`), kind);
    }
  });

  it('when the order is confirmed, then the total is formatted and the lines are listed', () => {
    const mail = composeEmail('order_confirmed', statusChanged('fulfilling'), links);
    assert.match(mail.text, /€49\.98/);
    assert.match(mail.text, /- 2 × Blue mug/);
    assert.match(mail.html, /<li>2 × Blue mug<\/li>/);
  });

  it('when shipped, then carrier, tracking number and the courier link are in the email', () => {
    const mail = composeEmail('shipped', statusChanged('shipped', { shipment: SHIPMENT }), links);
    assert.match(mail.text, /Carrier: USPS/);
    assert.match(mail.text, /Tracking number: EZ1000000001 \(https:\/\/track\.example\.test\/EZ1000000001\)/);
    assert.match(mail.html, /<a href="https:\/\/track\.example\.test\/EZ1000000001"[^>]*>EZ1000000001<\/a>/);
  });

  it('when cancelled for a declined payment with a released hold, then the customer reads why and what happened to the money', () => {
    const mail = composeEmail(
      'cancelled',
      statusChanged('cancelled', { reason: 'payment_declined', money: 'released' }),
      links,
    );
    assert.match(mail.text, /because your payment was declined by your bank/);
    assert.match(mail.text, /held on your card has been released/);
    const refunded = composeEmail(
      'cancelled',
      statusChanged('cancelled', { reason: 'customer_cancelled', money: 'refunded' }),
      links,
    );
    assert.match(refunded.text, /refunded your payment in full/);
  });

  it('when a cancel reason is free text from an operator, then it is not shown to the customer', () => {
    const mail = composeEmail(
      'cancelled',
      statusChanged('cancelled', { reason: 'fraud score 97 internal' }),
      links,
    );
    assert.ok(!mail.text.includes('fraud'));
    assert.match(mail.text, /unable to complete it/);
  });

  it('when the order is French, then the email is in French with lang="fr" and a French-formatted amount', () => {
    const order = statusChanged('fulfilling', {
      customer: { email: 'a@b.test', name: 'Zoé', locale: 'fr-CA' },
    });
    const mail = composeEmail('order_confirmed', order, links);
    assert.match(mail.subject, /Votre commande 1001 est confirmée/);
    assert.match(mail.text, /Bonjour Zoé,/);
    assert.match(mail.text, /49,98\s€/);
    assert.match(mail.html, /<html lang="fr">/);
  });

  it('when the locale is unknown or missing, then the email is in English', () => {
    const order = statusChanged('delivered', { customer: { email: 'a@b.test', locale: 'xx' } });
    assert.match(composeEmail('delivered', order, links).subject, /was delivered/);
  });

  it('when customer data carries HTML, then the HTML part escapes it and a javascript: courier link is dropped', () => {
    const order = statusChanged('shipped', {
      customer: { email: 'a@b.test', name: '<script>alert(1)</script>' },
      lines: [
        { sku: 'X', title: '"><img src=x onerror=alert(1)>', quantity: 1, unitPriceMinor: 1, grams: 0 },
      ],
      shipment: { carrier: '<b>Evil</b>', trackingCode: 'T&1', trackingUrl: 'javascript:alert(1)' },
    });
    for (const kind of NOTIFICATION_KINDS) {
      const { html } = composeEmail(kind, order, links);
      assert.ok(!html.includes('<script>') && !html.includes('<img') && !html.includes('<b>'), kind);
      assert.ok(!html.includes('javascript:'), kind);
    }
    assert.match(composeEmail('shipped', order, links).html, /&lt;b&gt;Evil&lt;\/b&gt;/);
  });

  it('when there is no unsubscribe link, then none is rendered', () => {
    const mail = composeEmail('cancelled', statusChanged('cancelled'), {
      trackingPageUrl: links.trackingPageUrl,
    });
    assert.ok(!mail.text.includes('unsubscribe') && !mail.html.includes('/unsubscribe/'));
  });
});

describe('notificationKindFor', () => {
  it('when the saga reaches a customer-visible step, then the matching kind is chosen; internal steps are silent', () => {
    assert.equal(notificationKindFor('fulfilling'), 'order_confirmed');
    assert.equal(notificationKindFor('delivery_exception'), 'delivery_problem');
    assert.equal(notificationKindFor('cancelled'), 'cancelled');
    for (const s of [
      'received',
      'authorizing',
      'reserving',
      'capturing',
      'in_transit',
      'needs_attention',
    ] as const) {
      assert.equal(notificationKindFor(s), undefined, s);
    }
  });
});
