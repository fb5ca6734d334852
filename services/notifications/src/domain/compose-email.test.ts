import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { NOTIFICATION_KINDS } from '@commerce-sync/contracts';
import { SHIPMENT, statusChanged } from '../testing/order-events.ts';
import { composeEmail, type EmailContext } from './compose-email.ts';
import { notificationKindFor } from './notification-kind.ts';
import { identityFor } from './shop-identity.ts';

const links = {
  trackingPageUrl: 'https://shop.test/track/tok',
  unsubscribeUrl: 'https://shop.test/unsubscribe/u',
};

const ctx: EmailContext = {
  identity: identityFor(
    {
      'demo.myshopify.com': {
        name: 'Blue Mugs',
        supportEmail: 'help@bluemugs.test',
        accentColour: '#7c2d12',
      },
    },
    'demo.myshopify.com',
  ),
  orderName: '#1307',
  estimatedDeliveryAt: '2026-03-04T18:00:00Z',
};

const FR = { email: 'a@b.test', name: 'Zoé', locale: 'fr-CA' };
/** A courier or saga code (`out_for_delivery`, `arrived_at_facility`) in words a customer reads. */
const CODE = /\b[a-z]+_[a-z_]+\b/;
/** The words of an email a customer reads: its subject and text part without the links. */
const readable = (m: { subject: string; text: string }) =>
  `${m.subject}\n${m.text.replace(/https?:\/\/\S+/g, '')}`;

describe('composeEmail', () => {
  it('when every kind is rendered in en and fr, then subject, text and HTML name the order "#1307" and never its internal id', () => {
    for (const customer of [{ email: 'a@b.test', locale: 'en' }, FR])
      for (const kind of NOTIFICATION_KINDS) {
        const order = statusChanged('shipped', { shipment: SHIPMENT, sourceId: '101287286220000', customer });
        const mail = composeEmail(kind, order, links, ctx);
        const what = `${kind} ${customer.locale}`;
        assert.ok(mail.subject.includes('#1307'), what);
        assert.ok(mail.text.includes('#1307') && mail.html.includes('#1307'), what);
        for (const part of [mail.subject, mail.text, mail.html])
          assert.ok(!part.includes('101287286220000') && !part.includes(order.orderId), what);
        assert.ok(mail.text.includes(links.trackingPageUrl), what);
        assert.ok(mail.html.includes(`href="${links.trackingPageUrl}"`), what);
        assert.doesNotMatch(readable(mail), CODE, what);
      }
  });

  it('when the order name is not known yet, then the subject says "your order" rather than an internal id', () => {
    const mail = composeEmail('order_confirmed', statusChanged('fulfilling'), links, {
      identity: ctx.identity,
    });
    assert.equal(mail.subject, 'Your order is confirmed');
    assert.ok(!mail.text.includes('1001'));
  });

  it('when any email is sent, then it lists each item with quantity and price, the total, and signs with the shop', () => {
    for (const kind of NOTIFICATION_KINDS) {
      const mail = composeEmail(kind, statusChanged('shipped', { shipment: SHIPMENT }), links, ctx);
      assert.match(mail.text, /- 2 × Blue mug — €49\.98/, kind);
      assert.match(mail.text, /Total: €49\.98/, kind);
      assert.match(mail.html, /<td[^>]*>Blue mug<\/td><td[^>]*>2<\/td><td[^>]*>€49\.98<\/td>/, kind);
      assert.match(mail.text, /^Blue Mugs\n/, kind);
      assert.match(mail.text, /Thank you for shopping with Blue Mugs\./, kind);
      assert.match(mail.text, /Email: help@bluemugs\.test/, kind);
      assert.match(mail.html, /href="mailto:help@bluemugs\.test"/, kind);
      assert.match(mail.html, /#7c2d12/, kind);
    }
  });

  it('when shipped, then the step, carrier, tracking number, estimated delivery and carrier link are in both parts', () => {
    const mail = composeEmail('shipped', statusChanged('shipped', { shipment: SHIPMENT }), links, ctx);
    assert.match(mail.text, /Status: Step 3 of 5: Shipped/);
    assert.match(mail.text, /Estimated delivery: Wednesday 4 March/);
    assert.match(mail.text, /Carrier: USPS/);
    assert.match(mail.text, /Tracking number: EZ1000000001/);
    assert.match(mail.text, /Track on the carrier's site: https:\/\/track\.example\.test\/EZ1000000001/);
    assert.match(mail.html, /<a href="https:\/\/track\.example\.test\/EZ1000000001"/);
    const fr = composeEmail(
      'shipped',
      statusChanged('shipped', { shipment: SHIPMENT, customer: FR }),
      links,
      ctx,
    );
    assert.match(fr.subject, /^Votre commande #1307 est en route$/);
    assert.match(fr.text, /Livraison estimée : mercredi 4 mars|Livraison estimée: mercredi 4 mars/);
    assert.match(fr.text, /Étape 3 sur 5 : Expédiée/);
  });

  it('when delivered, then no estimate is shown any more', () => {
    const mail = composeEmail('delivered', statusChanged('delivered', { shipment: SHIPMENT }), links, ctx);
    assert.doesNotMatch(mail.text, /Estimated delivery/);
    assert.match(mail.text, /Step 5 of 5: Delivered/);
  });

  it('when cancelled, then the customer reads why and what happens to their money, in en and fr', () => {
    const cases = [
      {
        reason: 'payment_declined',
        money: 'none',
        en: /not been charged\. You can order again/,
        fr: /pas été débité\. Vous pouvez commander à nouveau/,
      },
      {
        reason: 'out_of_stock',
        money: 'released',
        en: /Any hold on your card has been released/,
        fr: /réservation sur votre carte a été libérée/,
      },
      {
        reason: 'operator_cancelled',
        money: 'refunded',
        en: /A refund of €49\.98 is on its way/,
        fr: /Un remboursement de 49,98\s€ est en cours/,
      },
    ] as const;
    for (const k of cases) {
      const base = { reason: k.reason, money: k.money };
      const en = composeEmail('cancelled', statusChanged('cancelled', base), links, ctx);
      assert.match(en.text, k.en, k.reason);
      const fr = composeEmail('cancelled', statusChanged('cancelled', { ...base, customer: FR }), links, ctx);
      assert.match(fr.text, k.fr, k.reason);
    }
  });

  it('when a cancel reason is free text from an operator, then it is not shown to the customer', () => {
    const mail = composeEmail(
      'cancelled',
      statusChanged('cancelled', { reason: 'fraud score 97 internal' }),
      links,
      ctx,
    );
    assert.ok(!mail.text.includes('fraud'));
    assert.match(mail.text, /unable to complete it/);
  });

  it('when delivery has a problem, then the email says whom to contact', () => {
    const mail = composeEmail('delivery_problem', statusChanged('delivery_exception'), links, ctx);
    assert.match(mail.text, /Contact us/);
    assert.match(mail.text, /Need help\?\nEmail: help@bluemugs\.test/);
  });

  it('when the order is French, then the email is in French with lang="fr" and a French-formatted amount', () => {
    const mail = composeEmail('order_confirmed', statusChanged('fulfilling', { customer: FR }), links, ctx);
    assert.match(mail.subject, /Votre commande #1307 est confirmée/);
    assert.match(mail.text, /Bonjour Zoé,/);
    assert.match(mail.text, /49,98\s€/);
    assert.match(mail.html, /<html lang="fr">/);
  });

  it('when the locale is unknown or missing, then the email is in English', () => {
    const order = statusChanged('delivered', { customer: { email: 'a@b.test', locale: 'xx' } });
    assert.match(composeEmail('delivered', order, links, ctx).subject, /was delivered/);
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
      const { html } = composeEmail(kind, order, links, ctx);
      assert.ok(!html.includes('<script>') && !html.includes('<img') && !html.includes('<b>'), kind);
      assert.ok(!html.includes('javascript:'), kind);
    }
    assert.match(composeEmail('shipped', order, links, ctx).html, /&lt;b&gt;Evil&lt;\/b&gt;/);
  });

  it('when there is no unsubscribe link, then none is rendered', () => {
    const mail = composeEmail(
      'cancelled',
      statusChanged('cancelled'),
      { trackingPageUrl: links.trackingPageUrl },
      ctx,
    );
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
