import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SHIPMENT, statusChanged, trackingUpdated } from '../testing/order-events.ts';
import { progressOf } from './progress-steps.ts';
import { timelineRows } from './timeline-rows.ts';
import { foldView, statusFactOf, type ViewFact } from './tracking-view.ts';

const ORDER = 'demo.myshopify.com:1001';
const status = (e: Parameters<typeof statusFactOf>[0]): ViewFact => ({
  kind: 'status',
  fact: statusFactOf(e),
});
const scan = (e: ReturnType<typeof trackingUpdated>): ViewFact => ({ kind: 'tracking', fact: e });

/** The journey of issue 20: every step reported by the saga and again by the courier. */
const journey: ViewFact[] = [
  status(statusChanged('capturing', { at: '2026-03-01T09:00:00Z' })),
  status(statusChanged('fulfilling', { at: '2026-03-01T10:00:00Z' })),
  status(statusChanged('shipped', { shipment: SHIPMENT, at: '2026-03-01T12:00:00Z' })),
  scan(trackingUpdated('pre_transit', { at: '2026-03-01T12:00:05Z', statusDetail: 'label_created' })),
  scan(
    trackingUpdated('in_transit', {
      at: '2026-03-02T08:00:00Z',
      statusDetail: 'arrived_at_facility',
      location: 'Mountain View, CA, US',
    }),
  ),
  status(statusChanged('in_transit', { shipment: SHIPMENT, at: '2026-03-02T08:00:01Z' })),
  scan(
    trackingUpdated('in_transit', {
      at: '2026-03-02T20:00:00Z',
      statusDetail: 'departed_facility',
      location: 'Portland, OR, US',
    }),
  ),
];

describe('timeline rows', () => {
  it('when the courier confirms a step the saga reported, then it is one row (the courier’s), newest first', () => {
    const rows = timelineRows(foldView(ORDER, journey));
    assert.deepEqual(
      rows.map((r) => [r.status, r.source, r.location ?? '']),
      [
        ['in_transit', 'courier', 'Portland, OR, US'],
        ['in_transit', 'courier', 'Mountain View, CA, US'],
        ['shipped', 'courier', ''],
        ['preparing', 'order', ''],
        ['processing', 'order', ''],
      ],
    );
  });

  it('when two rows share an instant, then the later step comes first', () => {
    const rows = timelineRows(
      foldView(ORDER, [
        status(statusChanged('fulfilling', { at: '2026-03-01T10:00:00Z' })),
        status(statusChanged('shipped', { at: '2026-03-01T10:00:00Z' })),
      ]),
    );
    assert.deepEqual(
      rows.map((r) => r.status),
      ['shipped', 'preparing'],
    );
  });
});

describe('progress steps', () => {
  it('when in transit, then the bar is at "shipped"; when delivered, at "delivered"', () => {
    assert.deepEqual(progressOf(foldView(ORDER, journey)), { current: 2 });
    const done = foldView(ORDER, [
      ...journey,
      scan(trackingUpdated('delivered', { at: '2026-03-03T15:00:00Z' })),
    ]);
    assert.deepEqual(progressOf(done), { current: 4 });
  });

  it('when cancelled after payment or halted by a delivery problem, then the bar stops where the order got to', () => {
    const cancelled = foldView(ORDER, [
      status(statusChanged('fulfilling', { at: '2026-03-01T10:00:00Z' })),
      status(
        statusChanged('cancelled', { at: '2026-03-01T11:00:00Z', reason: 'out_of_stock', money: 'refunded' }),
      ),
    ]);
    assert.deepEqual(progressOf(cancelled), { current: 1, halted: 'cancelled' });
    assert.deepEqual(cancelled.cancellation, { reason: 'out_of_stock', money: 'refunded' });
    const problem = foldView(ORDER, [
      ...journey,
      scan(trackingUpdated('return_to_sender', { at: '2026-03-04T00:00:00Z' })),
    ]);
    assert.deepEqual(progressOf(problem), { current: 2, halted: 'problem' });
    assert.equal(problem.problem, 'return_to_sender');
  });

  it('when an operator cancels with free text, then the view keeps no reason to show', () => {
    const v = foldView(ORDER, [status(statusChanged('cancelled', { reason: 'fraud score 97' }))]);
    assert.deepEqual(v.cancellation, { money: 'none' });
  });
});
