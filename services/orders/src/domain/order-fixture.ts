import type { OrderStatus } from '@commerce-sync/contracts';
import { pendingFor } from './commands.ts';
import { initialFacts, type Order, type OrderFacts, type PendingCommandType } from './order.ts';

/** Test helper: an order in a given state, with the facts and pending command that state implies. */
const SHAPES: Record<
  OrderStatus,
  { facts: Partial<OrderFacts>; pending: PendingCommandType[]; extra?: Partial<Order> }
> = {
  received: { facts: {}, pending: [] },
  authorizing: { facts: {}, pending: ['payment.authorize'] },
  reserving: { facts: { payment: 'authorized' }, pending: ['stock.reserve'] },
  capturing: { facts: { payment: 'authorized', stock: 'reserved' }, pending: ['payment.capture'] },
  fulfilling: { facts: { payment: 'captured', stock: 'reserved' }, pending: ['shipment.create'] },
  shipped: {
    facts: { payment: 'captured', stock: 'reserved', label: 'purchased' },
    pending: ['stock.commit'],
  },
  in_transit: { facts: { payment: 'captured', stock: 'committed', label: 'scanned' }, pending: [] },
  out_for_delivery: { facts: { payment: 'captured', stock: 'committed', label: 'scanned' }, pending: [] },
  delivered: { facts: { payment: 'captured', stock: 'committed', label: 'scanned' }, pending: [] },
  delivery_exception: {
    facts: { payment: 'captured', stock: 'committed', label: 'scanned' },
    pending: [],
    extra: { reason: 'failure' },
  },
  cancelled: {
    facts: { payment: 'voided', stock: 'rejected' },
    pending: [],
    extra: { reason: 'out_of_stock' },
  },
  needs_attention: {
    facts: { payment: 'captured', stock: 'reserved' },
    pending: [],
    extra: { reason: 'no rates', resumeFrom: 'fulfilling' },
  },
};

export const T0 = new Date('2025-06-01T12:00:00.000Z');

export function anOrder(status: OrderStatus = 'received', overrides: Partial<Order> = {}): Order {
  const shape = SHAPES[status];
  const order: Order = {
    _id: 'demo.myshopify.com:1001',
    shop: 'demo.myshopify.com',
    sourceId: '1001',
    sourceName: '#1001',
    status,
    customer: { email: 'ada@example.com', name: 'Ada Lovelace', locale: 'en' },
    currency: 'USD',
    totalMinor: 4598,
    lines: [
      { sku: 'MUG-BLUE', title: 'Blue mug', quantity: 2, unitPriceMinor: 1299, grams: 350 },
      { sku: 'TEE-M', title: 'T-shirt M', quantity: 1, unitPriceMinor: 2000, grams: 200 },
    ],
    shippingAddress: {
      name: 'Ada Lovelace',
      street1: '1 Main St',
      city: 'Portland',
      zip: '97201',
      country: 'US',
    },
    paymentMethod: 'pm_card_visa',
    placedAt: T0.toISOString(),
    facts: { ...initialFacts(), ...shape.facts },
    pending: [],
    sweepAttempts: 0,
    writeBacks: [],
    timeline: [],
    ...(shape.facts.label
      ? { shipment: { shipmentId: 'shp_1', carrier: 'USPS', trackingCode: 'EZ1000000001' } }
      : {}),
    ...shape.extra,
    ...overrides,
  };
  order.pending = overrides.pending ?? shape.pending.map((t) => pendingFor(order, t, T0));
  return order;
}
