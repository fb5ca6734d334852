import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ORDER_STATUSES, type OrderStatus } from '@commerce-sync/contracts';
import { EventArrivedEarly, TransitionNotAllowed } from './errors.ts';
import { anOrder, T0 } from './order-fixture.ts';
import { SAGA_EVENT_TYPES, type SagaEvent, type SagaEventType } from './saga-event.ts';
import { transition } from './transition.ts';

/** A representative event of each type. */
function eventOf(type: SagaEventType): SagaEvent {
  const shipment = { shipmentId: 'shp_1', carrier: 'USPS', trackingCode: 'EZ1000000001' };
  const samples: Partial<Record<SagaEventType, SagaEvent>> = {
    'order.unpayable': { type: 'order.unpayable', reason: 'missing_payment_method' },
    'payment.authorized': { type: 'payment.authorized', paymentIntentId: 'pi_1' },
    'payment.failed': { type: 'payment.failed', reason: 'card_declined' },
    'stock.rejected': { type: 'stock.rejected', skus: ['MUG-BLUE'] },
    'payment.captured': { type: 'payment.captured', paymentIntentId: 'pi_1' },
    'payment.capture_failed': { type: 'payment.capture_failed', reason: 'expired' },
    'shipment.label_purchased': { type: 'shipment.label_purchased', shipment },
    'shipment.failed': { type: 'shipment.failed', reason: 'no rates' },
    'shipment.cancel_refused': { type: 'shipment.cancel_refused', reason: 'scanned' },
    'cancel.requested': { type: 'cancel.requested', by: 'customer' },
  };
  if (type.startsWith('tracking.')) return { type, trackingStatus: type.slice(9) } as SagaEvent;
  return samples[type] ?? ({ type } as SagaEvent);
}

/**
 * Expected outcome of every state × event, written from the saga in DESIGN §3.
 * I ignored (late or duplicate), E early (retryable), X not allowed, R refused,
 * otherwise the status after the step. Columns follow SAGA_EVENT_TYPES.
 */
// prettier-ignore
const EXPECTED: Record<OrderStatus, string> = {
  //                 placed       unpayable        authorized  failed     reserved   rejected   captured    capt_fail  label      sh.failed        transit     ofd               delivered  exception           voided refunded released committed sh.cancelled refused  cancel     retry       deadline
  received:
    'authorizing needs_attention  E           E          E          E          E           E          E          E                E           E                 E          E                   I I I I I I                                                   cancelled  X           I',
  authorizing:
    'I           I                reserving   cancelled  E          E          E           E          E          E                E           E                 E          E                   I I I I I I                                                   cancelled  X           authorizing',
  reserving:
    'I           I                I           I          capturing  cancelled  E           E          E          E                E           E                 E          E                   I I I I I I                                                   cancelled  X           reserving',
  capturing:
    'I           I                I           I          I          I          fulfilling  cancelled  E          E                E           E                 E          E                   I I I I I I                                                   cancelled  X           capturing',
  fulfilling:
    'I           I                I           I          I          I          I           I          shipped    needs_attention  E           E                 E          E                   I I I I I I                                                   cancelled  X           fulfilling',
  shipped:
    'I           I                I           I          I          I          I           I          I          I                in_transit  out_for_delivery  delivered  delivery_exception  I I I shipped I I                                             shipped    X           shipped',
  in_transit:
    'I           I                I           I          I          I          I           I          I          I                I           out_for_delivery  delivered  delivery_exception  I I I I I I                                                   R          X           I',
  out_for_delivery:
    'I           I                I           I          I          I          I           I          I          I                I           I                 delivered  delivery_exception  I I I I I I                                                   R          X           I',
  delivered:
    'I           I                I           I          I          I          I           I          I          I                I           I                 I          I                   I I I I I I                                                   R          X           I',
  delivery_exception:
    'I          I                I           I          I          I          I           I          I          I                I           I                 delivered  I                   I I I I I I                                                   cancelled  X           I',
  cancelled:
    'I           I                cancelled   I          cancelled  I          cancelled   I          cancelled  I                I           I                 I          I                   I I I I I I                                                   I          X           I',
  needs_attention:
    'I           I                I           I          I          I          I           I          I          I                I           I                 I          I                   I I I I I I                                                   cancelled  fulfilling  I',
};

function outcomeOf(status: OrderStatus, type: SagaEventType): string {
  try {
    const d = transition(anOrder(status), eventOf(type), { now: T0, cause: 'msg-1' });
    if (d.outcome === 'ignored') return 'I';
    if (d.outcome === 'refused') return 'R';
    return d.order.status;
  } catch (err) {
    if (err instanceof EventArrivedEarly) return 'E';
    if (err instanceof TransitionNotAllowed) return 'X';
    throw err;
  }
}

describe('order saga: every state × every event', () => {
  for (const status of ORDER_STATUSES) {
    const expected = EXPECTED[status].trim().split(/\s+/);
    it(`when an order is ${status}, then each event has its expected outcome`, () => {
      assert.equal(expected.length, SAGA_EVENT_TYPES.length, 'one expectation per event type');
      const actual = SAGA_EVENT_TYPES.map((t) => outcomeOf(status, t));
      const diff = SAGA_EVENT_TYPES.map((t, i) => `${t}: ${actual[i]}`).filter(
        (_, i) => actual[i] !== expected[i],
      );
      assert.deepEqual(
        diff,
        [],
        `unexpected outcomes (expected ${SAGA_EVENT_TYPES.map((t, i) => `${t}: ${expected[i]}`).join(', ')})`,
      );
    });
  }

  it('when an event arrives early, then the error is retryable and illegal moves are not', () => {
    assert.throws(
      () => transition(anOrder('received'), eventOf('stock.reserved'), { now: T0, cause: 'm' }),
      (e) => e instanceof EventArrivedEarly && e.retryable && e.httpStatus === 409,
    );
    assert.throws(
      () => transition(anOrder('delivered'), eventOf('retry.requested'), { now: T0, cause: 'm' }),
      (e) => e instanceof TransitionNotAllowed && !e.retryable,
    );
  });

  it('when any event is applied twice, then the second time is ignored or changes nothing', () => {
    for (const status of ORDER_STATUSES) {
      for (const type of SAGA_EVENT_TYPES) {
        if (type === 'deadline.passed' || type === 'retry.requested') continue;
        let first: ReturnType<typeof transition>;
        try {
          first = transition(anOrder(status), eventOf(type), { now: T0, cause: 'm1' });
        } catch {
          continue;
        }
        if (first.outcome !== 'applied') continue;
        const again = transition(first.order, eventOf(type), { now: T0, cause: 'm2' });
        const sameStatus = again.outcome !== 'applied' || again.order.status === first.order.status;
        const noNewCommands =
          again.outcome !== 'applied' || again.messages.every((m) => m.type === 'shipment.cancel');
        assert.ok(
          sameStatus && noNewCommands,
          `${status} × ${type} twice: ${JSON.stringify(again).slice(0, 200)}`,
        );
      }
    }
  });
});
