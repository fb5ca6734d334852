import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { COURIER_CODES } from '../domain/locales/courier-words.ts';
import { identityFor } from '../domain/shop-identity.ts';
import { foldView, placedFactOf, statusFactOf, type ViewFact } from '../domain/tracking-view.ts';
import { SHIPMENT, statusChanged, trackingUpdated } from '../testing/order-events.ts';
import { trackingPageHtml } from './tracking-page-html.ts';

const ORDER = 'demo.myshopify.com:101287286220000';
const shop = identityFor(
  { 'demo.myshopify.com': { name: 'Blue Mugs', supportEmail: 'help@blue.test' } },
  'demo.myshopify.com',
);

function placed(locale: string): ViewFact {
  return {
    kind: 'placed',
    fact: placedFactOf({
      orderId: ORDER,
      shop: 'demo.myshopify.com',
      sourceId: '101287286220000',
      sourceName: '#1307',
      customer: { email: 'ada@example.test', locale },
      currency: 'EUR',
      totalMinor: 4998,
      lines: [{ sku: 'MUG-1', title: 'Blue mug', quantity: 2, unitPriceMinor: 2499, grams: 300 }],
      shippingAddress: { name: 'Ada', street1: '1 Rue', city: 'Paris', zip: '75001', country: 'FR' },
      placedAt: '2026-03-01T09:00:00Z',
    }),
  };
}

const status = (
  to: Parameters<typeof statusChanged>[0],
  over: Parameters<typeof statusChanged>[1] = {},
  locale = 'en',
): ViewFact => ({
  kind: 'status',
  fact: statusFactOf(
    statusChanged(to, {
      orderId: ORDER,
      sourceId: '101287286220000',
      customer: { email: 'a@b.test', locale },
      ...over,
    }),
  ),
});

function render(facts: ViewFact[]): string {
  return trackingPageHtml(foldView(ORDER, facts), facts.length, 'n0nce', '/track/t/events', shop);
}

/** What a reader sees: no markup, no style or script. */
const visible = (html: string) =>
  html
    .replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/g, '')
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ');

function shippedFacts(locale: string): ViewFact[] {
  return [
    placed(locale),
    status('fulfilling', { at: '2026-03-01T10:00:00Z' }, locale),
    status('shipped', { at: '2026-03-01T12:00:00Z', shipment: SHIPMENT }, locale),
    {
      kind: 'tracking',
      fact: trackingUpdated('in_transit', {
        orderId: ORDER,
        at: '2026-03-02T08:00:00Z',
        statusDetail: 'arrived_at_facility',
        location: 'Mountain View, CA, US',
        estimatedDeliveryAt: '2026-03-04T18:00:00Z',
      }),
    },
    status('in_transit', { at: '2026-03-02T08:00:01Z', shipment: SHIPMENT }, locale),
  ];
}

describe('tracking page html', () => {
  it('when an order is in transit, then title and heading name "#1307", the bar is at Shipped, with the estimate and the carrier link', () => {
    const html = render(shippedFacts('en'));
    assert.match(html, /<title>Order #1307 · In transit · Blue Mugs<\/title>/);
    assert.match(html, /<h1>Order #1307<\/h1>/);
    assert.ok(!html.includes('101287286220000'), 'the internal id is nowhere on the page');
    assert.match(
      html,
      /<li class="current" aria-current="step">.*?Shipped<span class="sr"> \(current step\)<\/span><\/li>/,
    );
    assert.match(visible(html), /Estimated delivery: Wednesday 4 March/);
    assert.match(
      html,
      /<a href="https:\/\/track\.example\.test\/EZ1000000001" rel="noopener noreferrer">Track on the carrier&#39;s site/,
    );
    assert.match(visible(html), /In transit Arrived at a courier facility · Mountain View, CA, US/);
    assert.equal(
      visible(html).match(/In transit Arrived/g)?.length,
      1,
      'the saga step and the scan are one row',
    );
    assert.match(visible(html), /Blue mug 2 €49\.98/);
    assert.match(html, /href="mailto:help@blue\.test"/);
    assert.match(html, /<header class="shop"><p>Blue Mugs<\/p><\/header>/);
  });

  it('when any courier code arrives, then no code reaches the page in en or fr, only words or nothing', () => {
    for (const locale of ['en', 'fr']) {
      const scans: ViewFact[] = [...COURIER_CODES, 'some_new_code'].map((code, i) => ({
        kind: 'tracking',
        fact: trackingUpdated(i % 2 ? 'in_transit' : 'failure', {
          orderId: ORDER,
          at: new Date(Date.parse('2026-03-02T00:00:00Z') + i * 60_000).toISOString(),
          statusDetail: code,
        }),
      }));
      const text = visible(render([...shippedFacts(locale), ...scans]));
      assert.doesNotMatch(text, /\b[a-z]+_[a-z_]+\b/, locale);
    }
  });

  it('when French, then the page speaks French', () => {
    const html = render(shippedFacts('fr'));
    assert.match(html, /<html lang="fr">/);
    assert.match(html, /<h1>Commande #1307<\/h1>/);
    assert.match(visible(html), /Livraison estimée : mercredi 4 mars|Livraison estimée: mercredi 4 mars/);
    assert.match(visible(html), /Arrivé dans un centre du transporteur/);
  });

  it('when cancelled, then the page says why and what happened to the money, for each reason', () => {
    const cases = [
      ['payment_declined', 'none', /payment was declined.*You have not been charged\. You can order again/],
      ['out_of_stock', 'released', /no longer in stock.*Any hold on your card has been released/],
      ['customer_cancelled', 'refunded', /you asked us to cancel it.*A refund of €49\.98 is on its way/],
    ] as const;
    for (const [reason, money, says] of cases) {
      const html = render([
        placed('en'),
        status('fulfilling'),
        status('cancelled', { reason, money, at: '2026-03-01T11:00:00Z' }),
      ]);
      assert.match(visible(html), says, reason);
      assert.match(html, /<li class="halted" aria-current="step">/, reason);
      assert.match(visible(html), /stopped: cancelled/, reason);
    }
  });

  it('when the courier reports a delivery problem, then the page says what happened and whom to contact', () => {
    const html = render([
      ...shippedFacts('en'),
      {
        kind: 'tracking',
        fact: trackingUpdated('return_to_sender', { orderId: ORDER, at: '2026-03-04T00:00:00Z' }),
      },
    ]);
    assert.match(visible(html), /returning it to us\. We are looking into it\. Contact us/);
    assert.match(visible(html), /Need help\? Email help@blue\.test/);
  });
});
