import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseMessage } from '@commerce-sync/contracts';
import { TransitionNotAllowed } from './errors.ts';
import type { Order } from './order.ts';
import { anOrder, T0 } from './order-fixture.ts';
import type { SagaEvent } from './saga-event.ts';
import { type Decision, transition } from './transition.ts';

const shipment = {
  shipmentId: 'shp_1',
  carrier: 'USPS',
  service: 'Priority',
  trackingCode: 'EZ1000000001',
  trackingUrl: 'https://track.example/EZ1000000001',
  labelUrl: 'https://labels.example/shp_1.png',
  estimatedDeliveryAt: '2026-03-04T20:00:00.000Z',
};

function run(order: Order, events: SagaEvent[], maxSweeps = 3) {
  const log: { types: string[]; decision: Decision }[] = [];
  let current = order;
  for (const [i, e] of events.entries()) {
    const decision = transition(current, e, {
      now: new Date(T0.getTime() + i * 1000),
      cause: `m${i}`,
      traceId: 'abc',
      maxSweeps,
    });
    log.push({ types: decision.outcome === 'applied' ? decision.messages.map((m) => m.type) : [], decision });
    if (decision.outcome === 'applied') current = decision.order;
  }
  return { order: current, log, types: log.map((l) => l.types) };
}

function statusChange(d: Decision) {
  assert.equal(d.outcome, 'applied');
  const m = d.messages.find((x) => x.type === 'order.status_changed');
  return m?.payload as Record<string, unknown> | undefined;
}

describe('order saga flows', () => {
  it('when every step succeeds, then the saga sends each command in order and ends delivered', () => {
    const { order, types, log } = run(anOrder('received'), [
      { type: 'order.placed' },
      { type: 'payment.authorized', paymentIntentId: 'pi_1' },
      { type: 'stock.reserved' },
      { type: 'payment.captured', paymentIntentId: 'pi_1' },
      { type: 'shipment.label_purchased', shipment },
      { type: 'stock.committed' },
      { type: 'tracking.in_transit', trackingStatus: 'in_transit' },
      { type: 'tracking.out_for_delivery', trackingStatus: 'out_for_delivery' },
      { type: 'tracking.delivered', trackingStatus: 'delivered' },
    ]);
    assert.deepEqual(types, [
      ['order.placed', 'payment.authorize', 'order.status_changed'],
      ['stock.reserve', 'order.status_changed'],
      ['payment.capture', 'order.status_changed'],
      ['shipment.create', 'order.status_changed'],
      ['stock.commit', 'order.status_changed'],
      [],
      ['order.status_changed'],
      ['order.status_changed'],
      ['order.status_changed'],
    ]);
    assert.equal(order.status, 'delivered');
    assert.deepEqual(order.facts, { payment: 'captured', stock: 'committed', label: 'scanned' });
    // The shipped announcement carries the carrier's link and the label's delivery estimate.
    const shippedNote = statusChange(log[4]?.decision as Decision)?.shipment as Record<string, unknown>;
    assert.equal(shippedNote.trackingUrl, shipment.trackingUrl);
    assert.equal(shippedNote.estimatedDeliveryAt, shipment.estimatedDeliveryAt);
    assert.deepEqual(
      order.writeBacks.map((w) => w.id),
      ['fulfillment', 'event:IN_TRANSIT', 'event:OUT_FOR_DELIVERY', 'event:DELIVERED'],
    );
    assert.equal(order.timeline.length, 9);
    assert.deepEqual(order.timeline[0], {
      at: T0.toISOString(),
      from: 'received',
      to: 'authorizing',
      event: 'order.placed',
      cause: 'm0',
      traceId: 'abc',
    });
    assert.equal(order.pending.length, 0);
    assert.equal(order.deadlineAt, null);
  });

  it('when the saga emits messages, then each one matches its contract', () => {
    const { log } = run(anOrder('received'), [
      { type: 'order.placed' },
      { type: 'payment.authorized', paymentIntentId: 'pi_1' },
      { type: 'stock.rejected', skus: ['MUG-BLUE'] },
    ]);
    for (const { decision } of log) {
      assert.equal(decision.outcome, 'applied');
      for (const m of decision.messages) assert.ok(parseMessage(m.type, m.payload).ok, m.type);
    }
    const reserve = log[1]?.decision.outcome === 'applied' && log[1].decision.messages[0];
    assert.deepEqual(reserve && reserve.payload, {
      orderId: 'demo.myshopify.com:1001',
      lines: [
        { sku: 'MUG-BLUE', quantity: 2 },
        { sku: 'TEE-M', quantity: 1 },
      ],
    });
  });

  it('when the card is declined, then the order is cancelled with payment_declined and nothing to undo', () => {
    const d = transition(
      anOrder('authorizing'),
      { type: 'payment.failed', reason: 'card_declined' },
      { now: T0, cause: 'm' },
    );
    assert.deepEqual(d.outcome === 'applied' && d.messages.map((m) => m.type), ['order.status_changed']);
    assert.deepEqual({ ...statusChange(d) }.reason, 'payment_declined');
    assert.equal(statusChange(d)?.money, 'none');
    // The customer's email and page name the order as the storefront does.
    assert.equal(statusChange(d)?.orderName, '#1001');
  });

  it('when stock is short, then the hold is voided and the order cancelled out_of_stock with money released', () => {
    const d = transition(
      anOrder('reserving'),
      { type: 'stock.rejected', skus: ['MUG-BLUE'] },
      { now: T0, cause: 'm' },
    );
    assert.deepEqual(d.outcome === 'applied' && d.messages.map((m) => m.type), [
      'payment.void',
      'order.status_changed',
    ]);
    assert.equal(statusChange(d)?.reason, 'out_of_stock');
    assert.equal(statusChange(d)?.money, 'released');
    const after = d.outcome === 'applied' ? d.order : anOrder();
    assert.ok(after.deadlineAt, 'the void is awaited');
    const voided = transition(after, { type: 'payment.voided' }, { now: T0, cause: 'm2' });
    assert.ok(
      voided.outcome === 'applied' &&
        voided.order.pending.length === 0 &&
        voided.order.facts.payment === 'voided',
    );
  });

  it('when capture fails, then the stock is released and the order cancelled capture_failed', () => {
    const d = transition(
      anOrder('capturing'),
      { type: 'payment.capture_failed', reason: 'expired' },
      { now: T0, cause: 'm' },
    );
    assert.deepEqual(d.outcome === 'applied' && d.messages.map((m) => m.type), [
      'stock.release',
      'order.status_changed',
    ]);
    assert.equal(statusChange(d)?.reason, 'capture_failed');
  });

  it('when no label can be bought, then the order needs attention and an operator retry buys again', () => {
    const { order, types } = run(anOrder('fulfilling'), [
      { type: 'shipment.failed', reason: 'no rates' },
      { type: 'retry.requested' },
    ]);
    assert.deepEqual(types, [['order.status_changed'], ['shipment.create', 'order.status_changed']]);
    assert.equal(order.status, 'fulfilling');
    assert.equal(order.reason, undefined);
  });

  it('when the customer cancels before the label, then the money is refunded and the stock released', () => {
    const d = transition(
      anOrder('fulfilling'),
      { type: 'cancel.requested', by: 'customer' },
      { now: T0, cause: 'wh' },
    );
    assert.deepEqual(d.outcome === 'applied' && d.messages.map((m) => m.type), [
      'payment.refund',
      'stock.release',
      'order.status_changed',
    ]);
    assert.equal(statusChange(d)?.reason, 'customer_cancelled');
    assert.equal(statusChange(d)?.money, 'refunded');
    assert.ok(
      d.outcome === 'applied' && !d.order.pending.some((p) => p.type === 'shipment.create'),
      'the label is no longer awaited',
    );
  });

  it('when the customer cancels after the label, then the label is refunded first and only then the order cancelled', () => {
    const { order, types } = run(anOrder('shipped'), [
      { type: 'cancel.requested', by: 'customer' },
      { type: 'shipment.cancelled' },
    ]);
    assert.deepEqual(types, [['shipment.cancel'], ['payment.refund', 'order.status_changed']]);
    assert.equal(order.status, 'cancelled');
    assert.equal(order.reason, 'customer_cancelled');
  });

  it('when the courier already has the parcel, then the label refusal keeps the order shipped', () => {
    const { order } = run(anOrder('shipped'), [
      { type: 'cancel.requested', by: 'customer' },
      { type: 'shipment.cancel_refused', reason: 'scanned' },
    ]);
    assert.equal(order.status, 'shipped');
    assert.equal(order.cancelRequested, undefined);
    assert.match(order.timeline.at(-1)?.note ?? '', /refused/);
  });

  it('when a cancel arrives in transit, then it is refused', () => {
    const d = transition(
      anOrder('in_transit'),
      { type: 'cancel.requested', by: 'operator' },
      { now: T0, cause: 'op' },
    );
    assert.equal(d.outcome, 'refused');
  });

  it('when an authorisation lands after a cancellation, then it is voided', () => {
    const cancelled = run(anOrder('authorizing'), [{ type: 'cancel.requested', by: 'customer' }]).order;
    assert.equal(cancelled.status, 'cancelled');
    const d = transition(
      cancelled,
      { type: 'payment.authorized', paymentIntentId: 'pi_1' },
      { now: T0, cause: 'late' },
    );
    assert.deepEqual(d.outcome === 'applied' && d.messages.map((m) => m.type), ['payment.void']);
  });

  it('when a cancel lands while capturing and the capture wins the race, then the void is no longer awaited and the money is refunded', () => {
    const cancelled = run(anOrder('capturing'), [{ type: 'cancel.requested', by: 'customer' }]).order;
    assert.ok(cancelled.pending.some((p) => p.type === 'payment.void'));
    // payments captured before the void reached it: the void can never be answered with voided.
    const { order, types } = run(cancelled, [
      { type: 'payment.captured', paymentIntentId: 'pi_1' },
      { type: 'payment.refunded' },
      { type: 'stock.released' },
    ]);
    assert.ok(types[0]?.includes('payment.refund'));
    assert.deepEqual(order.pending, []);
    assert.equal(order.deadlineAt, null);
    assert.equal(order.status, 'cancelled');
  });

  it('when tracking updates arrive out of order, then the status only moves forward', () => {
    const { order, log } = run(anOrder('shipped'), [
      { type: 'tracking.delivered', trackingStatus: 'delivered' },
      { type: 'tracking.in_transit', trackingStatus: 'in_transit' },
      { type: 'tracking.out_for_delivery', trackingStatus: 'out_for_delivery' },
    ]);
    assert.equal(order.status, 'delivered');
    assert.deepEqual(
      log.map((l) => l.decision.outcome),
      ['applied', 'ignored', 'ignored'],
    );
  });

  it('when an order waits past its deadline, then the command is re-sent and after the limit it needs attention', () => {
    const stuck = run(
      anOrder('reserving'),
      [{ type: 'deadline.passed' }, { type: 'deadline.passed' }, { type: 'deadline.passed' }],
      2,
    );
    assert.deepEqual(stuck.types, [['stock.reserve'], ['stock.reserve'], ['order.status_changed']]);
    assert.equal(stuck.order.status, 'needs_attention');
    assert.equal(stuck.order.reason, 'stuck_in_reserving');
    const late = transition(stuck.order, { type: 'stock.reserved' }, { now: T0, cause: 'late' });
    assert.ok(
      late.outcome === 'applied' && late.order.status === 'capturing',
      'the awaited answer still resumes the saga',
    );
  });

  it('when an order has no payment method, then it needs attention and a retry is refused', () => {
    const { order } = run(anOrder('received', { paymentMethod: undefined }), [
      { type: 'order.unpayable', reason: 'missing_payment_method' },
    ]);
    assert.equal(order.status, 'needs_attention');
    assert.equal(order.reason, 'missing_payment_method');
    assert.throws(
      () => transition(order, { type: 'retry.requested' }, { now: T0, cause: 'op' }),
      TransitionNotAllowed,
    );
  });

  it('when a tracking failure arrives, then the order has a delivery exception with the reason', () => {
    const d = transition(
      anOrder('in_transit'),
      { type: 'tracking.exception', trackingStatus: 'return_to_sender' },
      { now: T0, cause: 'm' },
    );
    assert.equal(statusChange(d)?.reason, 'return_to_sender');
    assert.ok(d.outcome === 'applied' && d.order.writeBacks.some((w) => w.status === 'FAILURE'));
  });
});
