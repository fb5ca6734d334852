import type { MessageType, OrderStatus, Payload, TrackingStatus } from '@commerce-sync/contracts';

/** Test data: an order.status_changed body with sensible defaults. */
export function statusChanged(
  to: OrderStatus,
  overrides: Partial<Payload<'order.status_changed'>> = {},
): Payload<'order.status_changed'> {
  return {
    orderId: 'demo.myshopify.com:1001',
    shop: 'demo.myshopify.com',
    sourceId: '1001',
    from: 'capturing',
    to,
    at: '2026-03-01T10:00:00.000Z',
    customer: { email: 'ada@example.test', name: 'Ada', locale: 'en' },
    currency: 'EUR',
    totalMinor: 4998,
    lines: [{ sku: 'MUG-1', title: 'Blue mug', quantity: 2, unitPriceMinor: 2499, grams: 300 }],
    ...overrides,
  };
}

/** Test data: the order.placed of the same order, named "#1001" by the storefront. */
export function orderPlaced(overrides: Partial<Payload<'order.placed'>> = {}): Payload<'order.placed'> {
  return {
    orderId: 'demo.myshopify.com:1001',
    shop: 'demo.myshopify.com',
    sourceId: '1001',
    sourceName: '#1001',
    customer: { email: 'ada@example.test', name: 'Ada', locale: 'en' },
    currency: 'EUR',
    totalMinor: 4998,
    lines: [{ sku: 'MUG-1', title: 'Blue mug', quantity: 2, unitPriceMinor: 2499, grams: 300 }],
    shippingAddress: { name: 'Ada', street1: '1 Main St', city: 'Portland', zip: '97201', country: 'US' },
    placedAt: '2026-03-01T09:00:00.000Z',
    ...overrides,
  };
}

export function trackingUpdated(
  status: TrackingStatus,
  overrides: Partial<Payload<'tracking.updated'>> = {},
): Payload<'tracking.updated'> {
  return {
    orderId: 'demo.myshopify.com:1001',
    trackingCode: 'EZ1000000001',
    status,
    at: '2026-03-02T09:00:00.000Z',
    ...overrides,
  };
}

export const SHIPMENT = {
  carrier: 'USPS',
  service: 'Priority',
  trackingCode: 'EZ1000000001',
  trackingUrl: 'https://track.example.test/EZ1000000001',
};

/** One event as published: its type and its body. */
export type JourneyEvent = { [T in MessageType]: { type: T; payload: Payload<T> } }[MessageType];

/** The events of an order from placed to delivered (four of them email the customer). */
export function deliveredJourney(base: {
  orderId: string;
  customer: { email: string; name: string; locale: string };
}): JourneyEvent[] {
  // Each status event names the order, as the orders service sends it.
  const named = { ...base, orderName: '#1001' };
  // The label's estimate rides on the status event (orders copies it from the label).
  const shipped = { ...named, shipment: { ...SHIPMENT, estimatedDeliveryAt: '2026-03-04T20:00:00.000Z' } };
  const { orderId } = base;
  return [
    { type: 'order.placed', payload: orderPlaced({ ...base, placedAt: '2026-03-01T09:00:00Z' }) },
    {
      type: 'order.status_changed',
      payload: statusChanged('fulfilling', { ...named, from: 'capturing', at: '2026-03-01T10:00:00Z' }),
    },
    {
      type: 'order.status_changed',
      payload: statusChanged('shipped', { ...shipped, from: 'fulfilling', at: '2026-03-01T12:00:00Z' }),
    },
    {
      type: 'tracking.updated',
      payload: trackingUpdated('in_transit', { orderId, at: '2026-03-02T08:00:00Z' }),
    },
    {
      type: 'order.status_changed',
      payload: statusChanged('in_transit', { ...shipped, from: 'shipped', at: '2026-03-02T08:00:01Z' }),
    },
    {
      type: 'order.status_changed',
      payload: statusChanged('out_for_delivery', {
        ...shipped,
        from: 'in_transit',
        at: '2026-03-03T07:00:00Z',
      }),
    },
    {
      type: 'order.status_changed',
      payload: statusChanged('delivered', {
        ...shipped,
        from: 'out_for_delivery',
        at: '2026-03-03T15:00:00Z',
      }),
    },
  ];
}
