import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SHIPMENT, statusChanged, trackingUpdated } from '../testing/order-events.ts';
import {
  applyStatusChange as applyStatus,
  applyTrackingUpdate,
  emptyView,
  foldView,
  statusFactOf,
  type TrackingView,
} from './tracking-view.ts';

const applyStatusChange = (v: TrackingView, e: Parameters<typeof statusFactOf>[0]) =>
  applyStatus(v, statusFactOf(e));

const ORDER = 'demo.myshopify.com:1001';

describe('tracking view', () => {
  it('when an order moves through the saga, then internal hops collapse into one timeline entry per visible step', () => {
    let v = emptyView(ORDER, '2026-03-01T09:00:00Z');
    v = applyStatusChange(v, statusChanged('authorizing', { at: '2026-03-01T09:00:01Z' }));
    v = applyStatusChange(v, statusChanged('capturing', { at: '2026-03-01T09:00:02Z' }));
    v = applyStatusChange(v, statusChanged('fulfilling', { at: '2026-03-01T09:00:03Z' }));
    assert.equal(v.status, 'preparing');
    assert.deepEqual(
      v.timeline.map((t) => t.status),
      ['processing', 'preparing'],
    );
    assert.equal(v.lines[0]?.title, 'Blue mug');
    assert.equal(v.currency, 'EUR');
  });

  it('when tracking updates arrive late, twice and out of order, then status only moves forward and entries are unique', () => {
    let v = applyStatusChange(
      emptyView(ORDER, '2026-03-01T09:00:00Z'),
      statusChanged('shipped', { shipment: SHIPMENT }),
    );
    const transit = trackingUpdated('in_transit', { at: '2026-03-02T08:00:00Z', location: 'Memphis, TN' });
    const out = trackingUpdated('out_for_delivery', { at: '2026-03-03T07:00:00Z' });
    v = applyTrackingUpdate(v, out);
    v = applyTrackingUpdate(v, transit);
    v = applyTrackingUpdate(v, transit);
    assert.equal(v.status, 'out_for_delivery');
    assert.deepEqual(
      v.timeline.map((t) => t.status),
      ['shipped', 'in_transit', 'out_for_delivery'],
    );
    assert.equal(v.timeline[1]?.location, 'Memphis, TN');
    assert.equal(v.shipment?.trackingCode, SHIPMENT.trackingCode);
  });

  it('when delivered, then a later courier or saga update cannot move it back', () => {
    let v = applyTrackingUpdate(
      emptyView(ORDER, '2026-03-01T00:00:00Z'),
      trackingUpdated('delivered', { at: '2026-03-04T00:00:00Z' }),
    );
    v = applyTrackingUpdate(v, trackingUpdated('in_transit', { at: '2026-03-05T00:00:00Z' }));
    v = applyStatusChange(v, statusChanged('out_for_delivery', { at: '2026-03-05T00:00:00Z' }));
    assert.equal(v.status, 'delivered');
  });

  it('when a delivery problem is followed by newer courier progress, then the page shows the progress', () => {
    let v = applyTrackingUpdate(
      emptyView(ORDER, '2026-03-01T00:00:00Z'),
      trackingUpdated('failure', { at: '2026-03-04T00:00:00Z' }),
    );
    assert.equal(v.status, 'problem');
    v = applyTrackingUpdate(v, trackingUpdated('in_transit', { at: '2026-03-03T00:00:00Z' }));
    assert.equal(v.status, 'problem', 'an older update does not hide the problem');
    v = applyTrackingUpdate(v, trackingUpdated('out_for_delivery', { at: '2026-03-05T00:00:00Z' }));
    assert.equal(v.status, 'out_for_delivery');
  });

  it('when estimates arrive out of order, then the newest estimate wins', () => {
    let v = emptyView(ORDER, '2026-03-01T00:00:00Z');
    v = applyTrackingUpdate(
      v,
      trackingUpdated('in_transit', {
        at: '2026-03-02T00:00:00Z',
        estimatedDeliveryAt: '2026-03-06T00:00:00Z',
      }),
    );
    v = applyTrackingUpdate(
      v,
      trackingUpdated('pre_transit', {
        at: '2026-03-01T12:00:00Z',
        estimatedDeliveryAt: '2026-03-09T00:00:00Z',
      }),
    );
    assert.equal(v.estimatedDeliveryAt, '2026-03-06T00:00:00Z');
  });

  it('when an unknown tracking status arrives, then nothing but the estimate changes', () => {
    const before = emptyView(ORDER, '2026-03-01T00:00:00Z');
    const after = applyTrackingUpdate(before, trackingUpdated('unknown'));
    assert.deepEqual(after, before);
  });

  it('when the same facts are folded in any arrival order, then the view is the same and holds no customer identity', () => {
    const facts = [
      {
        kind: 'status' as const,
        fact: statusFactOf(statusChanged('fulfilling', { at: '2026-03-01T10:00:00Z' })),
      },
      {
        kind: 'status' as const,
        fact: statusFactOf(statusChanged('shipped', { at: '2026-03-01T12:00:00Z', shipment: SHIPMENT })),
      },
      { kind: 'tracking' as const, fact: trackingUpdated('in_transit', { at: '2026-03-02T08:00:00Z' }) },
      {
        kind: 'tracking' as const,
        fact: trackingUpdated('out_for_delivery', { at: '2026-03-03T07:00:00Z' }),
      },
    ];
    const forward = foldView(ORDER, facts);
    assert.deepEqual(foldView(ORDER, [...facts].reverse()), forward);
    assert.equal(forward.status, 'out_for_delivery');
    assert.equal(forward.locale, 'en');
    assert.ok(!JSON.stringify(forward).includes('ada@example.test'));
    assert.ok(!JSON.stringify(forward).includes('Ada'));
  });
});
