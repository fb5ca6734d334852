import type { OrderStatus, Payload, TrackingStatus } from '@commerce-sync/contracts';

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
