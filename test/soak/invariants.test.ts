import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runChecks, type Snapshot } from './invariants.ts';
import type { OrderSummary } from './probes.ts';
import { summarise } from './summary.ts';

const SHOP = 'shop.myshopify.com';

function order(n: number, status: string, over: Partial<OrderSummary> = {}): OrderSummary {
  const shipped = ['delivered', 'delivery_exception'].includes(status);
  return {
    id: `${SHOP}:${n}`,
    source_id: String(n),
    status,
    amounts: { total: { minor: 1000 } },
    line_items: [{ sku: 'A', quantity: 2 }],
    payment: { state: status === 'cancelled' ? 'voided' : 'captured' },
    stock: shipped ? 'committed' : status === 'cancelled' ? 'released' : 'reserved',
    waiting_for: [],
    timeline: [],
    ...over,
  };
}

/** Two delivered orders and one cancelled (voided): every figure adds up. */
function consistent(): Snapshot {
  const intent = (n: number, received: number) => ({
    id: `pi_${n}`,
    amount_received: received,
    status: received ? 'succeeded' : 'canceled',
    metadata: { order_id: `${SHOP}:${n}` },
  });
  return {
    shop: SHOP,
    storefrontOrders: [1, 2, 3].map((id) => ({ id, name: `#${id}`, cancelled_at: null })),
    orders: [order(1, 'delivered'), order(2, 'delivered'), order(3, 'cancelled', { reason: 'out_of_stock' })],
    intents: [intent(1, 1000), intent(2, 1000), intent(3, 0)],
    refunds: [],
    capturesByOrder: { [`${SHOP}:1`]: 1, [`${SHOP}:2`]: 1 },
    labelsByReference: { [`${SHOP}:1`]: 1, [`${SHOP}:2`]: 1 },
    levels: [{ sku: 'A', locationId: 'L1', available: 6, reserved: 0, committed: 0, on_hand: 6 }],
    startStock: { A: 10 },
    emails: [
      { MessageID: '<a@x>', Subject: 'shipped' },
      { MessageID: '<b@x>', Subject: 'delivered' },
    ],
    dlq: [],
    queues: [],
  };
}

const failing = (s: Snapshot) =>
  runChecks(s)
    .filter((c) => !c.ok)
    .map((c) => c.name);

describe('soak invariants', () => {
  it('when every figure adds up, then every check passes', () => {
    assert.deepEqual(failing(consistent()), []);
  });

  it('when a storefront order has no order, then it is lost', () => {
    const s = consistent();
    s.storefrontOrders.push({ id: 4, name: '#4', cancelled_at: null });
    assert.deepEqual(failing(s), ['orders lost']);
  });

  it('when an order waits in capturing, then it is stuck and its reserved stock is accounted for', () => {
    const s = consistent();
    s.storefrontOrders.push({ id: 4, name: '#4', cancelled_at: null });
    s.orders.push(order(4, 'capturing', { payment: { state: 'authorized' } }));
    s.levels = [{ sku: 'A', locationId: 'L1', available: 4, reserved: 2, committed: 0, on_hand: 6 }];
    s.intents.push({
      id: 'pi_4',
      amount_received: 0,
      status: 'requires_capture',
      metadata: { order_id: `${SHOP}:4` },
    });
    assert.deepEqual(failing(s), ['orders stuck in a non-terminal state']);
  });

  it('when an order is captured twice, then the double capture and the money both fail', () => {
    const s = consistent();
    s.capturesByOrder[`${SHOP}:1`] = 2;
    s.intents.push({
      id: 'pi_1b',
      amount_received: 1000,
      status: 'succeeded',
      metadata: { order_id: `${SHOP}:1` },
    });
    assert.deepEqual(failing(s), [
      'double captures',
      'money: captured − refunded = value of orders not cancelled',
    ]);
  });

  it('when a cancelled order was captured and refunded, then the money adds up', () => {
    const s = consistent();
    s.intents[2] = {
      id: 'pi_3',
      amount_received: 1000,
      status: 'succeeded',
      metadata: { order_id: `${SHOP}:3` },
    };
    s.refunds.push({ amount: 1000, payment_intent: 'pi_3', status: 'succeeded' });
    assert.deepEqual(failing(s), []);
  });

  it('when two labels were bought for one order, then double labels fails', () => {
    const s = consistent();
    s.labelsByReference[`${SHOP}:2`] = 2;
    assert.deepEqual(failing(s), ['double labels']);
  });

  it('when one email arrives twice, then duplicate emails counts the extra copy', () => {
    const s = consistent();
    s.emails.push({ MessageID: '<a@x>', Subject: 'shipped' });
    const check = runChecks(s).find((c) => c.name === 'duplicate emails');
    assert.equal(check?.value, 1);
  });

  it('when stock went missing, then the stock check names the SKU', () => {
    const s = consistent();
    s.levels = [{ sku: 'A', locationId: 'L1', available: 5, reserved: 0, committed: 0, on_hand: 5 }];
    const check = runChecks(s).find((c) => c.name.startsWith('stock'));
    assert.equal(check?.ok, false);
    assert.match(check?.details[0] ?? '', /^A: start 10/);
  });

  it('when a DLQ message has no reason, then the DLQ is not explained', () => {
    const s = consistent();
    s.dlq.push({ queue: 'orders.dlq', type: 'payment.captured', correlationId: 'x', reason: 'unknown' });
    assert.deepEqual(failing(s), ['DLQ messages without type or reason']);
  });

  it('when an order is parked unpaid, then it needs attention without money and is reported apart', () => {
    const s = consistent();
    s.storefrontOrders.push({ id: 4, name: '#4', cancelled_at: null });
    s.orders.push(
      order(4, 'needs_attention', { reason: 'unpayable', payment: { state: 'none' }, stock: 'none' }),
    );
    assert.deepEqual(failing(s), []);
    assert.equal(summarise(s).needsAttention[0]?.reason, 'unpayable');
  });
});
