import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mentions, personalValues, REDACTED, REDACTED_EMAIL, scrubPersonal } from './scrub.ts';

const order = {
  _id: 'shop.myshopify.com:1001',
  version: 4,
  customer: { email: 'ada@example.com', name: 'Ada Lovelace', locale: 'en' },
  shippingAddress: {
    name: 'Ada Lovelace',
    street1: '12 Analytical Row',
    city: 'London',
    zip: 'N1 9GU',
    country: 'GB',
    phone: '+44 20 7946 0000',
  },
  totalMinor: 4200,
  lines: [{ sku: 'TEE-M', quantity: 2, unitPriceMinor: 2100 }],
  placedAt: '2026-12-01T10:00:00.000Z',
  createdAt: new Date('2026-12-01T10:00:00Z'),
  outbox: [
    {
      type: 'order.status_changed',
      body: JSON.stringify({ to: 'shipped', customer: { email: 'ada@example.com' } }),
    },
  ],
};

describe('scrubbing personal data', () => {
  it('when an order is scrubbed, then name, email, phone and address go and amounts, SKUs, dates and ids stay', () => {
    const { doc, changed } = scrubPersonal(order);
    assert.equal(changed, true);
    assert.equal(doc.customer.email, REDACTED_EMAIL);
    assert.equal(doc.customer.name, REDACTED);
    assert.equal(doc.customer.locale, 'en');
    assert.deepEqual(
      [
        doc.shippingAddress.street1,
        doc.shippingAddress.city,
        doc.shippingAddress.zip,
        doc.shippingAddress.phone,
      ],
      [REDACTED, REDACTED, REDACTED, REDACTED],
    );
    assert.equal(doc.shippingAddress.country, 'GB');
    assert.deepEqual(
      [doc._id, doc.totalMinor, doc.lines, doc.placedAt],
      [order._id, 4200, order.lines, order.placedAt],
    );
    assert.ok(doc.createdAt instanceof Date);
    const body = JSON.parse(String(doc.outbox[0]?.body));
    assert.deepEqual(body, { to: 'shipped', customer: { email: REDACTED_EMAIL } });
    assert.doesNotMatch(JSON.stringify(doc), /ada@example|Lovelace|Analytical/);
  });

  it('when scrubbed twice, then the second pass changes nothing', () => {
    assert.equal(scrubPersonal(scrubPersonal(order).doc).changed, false);
  });

  it('when a value of the order sits in a free-text field elsewhere, then it is cut out there too', () => {
    const known = personalValues(order);
    assert.ok(known.has('ada@example.com') && known.has('12 Analytical Row'));
    assert.ok(!known.has('London'), 'a city points at nobody in particular');
    const row = {
      _id: 'n1',
      subject: 'Your parcel for Ada Lovelace',
      lastError: '550 ADA@example.com unknown',
    };
    assert.equal(mentions(row, new Set(['other:1']), [...known]), true);
    const { doc } = scrubPersonal(row, known);
    assert.doesNotMatch(JSON.stringify(doc), /ada@example|Lovelace/i);
  });

  it('when another order has a longer id, then it is not taken for this one', () => {
    const ids = new Set(['shop.myshopify.com:1001']);
    assert.equal(mentions({ orderId: 'shop.myshopify.com:10012' }, ids), false);
    assert.equal(mentions({ key: 'shop.myshopify.com:1001:shipped' }, ids), true);
  });
});
