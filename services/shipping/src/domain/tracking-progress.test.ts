import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  isScanned,
  mergeSnapshot,
  movesForward,
  type TrackerSnapshot,
  type TrackingEvent,
} from './tracking-progress.ts';

const ev = (status: string, at: string, location = 'Portland, OR'): TrackingEvent => ({
  status,
  statusDetail: `${status}_detail`,
  message: status,
  location,
  at,
});
const snap = (status: string, events: TrackingEvent[]): TrackerSnapshot => ({
  trackingCode: '9400',
  status,
  updatedAt: events.at(-1)?.at ?? '2025-01-01T00:00:00Z',
  estimatedDeliveryAt: '2025-01-05T00:00:00Z',
  events,
});
const pre = ev('pre_transit', '2025-01-01T10:00:00Z');
const transit = ev('in_transit', '2025-01-02T10:00:00Z', 'Denver, CO');
const delivered = ev('delivered', '2025-01-03T10:00:00Z', 'San Francisco, CA');

describe('movesForward', () => {
  it('when the status is further along, then it moves forward', () => {
    assert.equal(movesForward('pre_transit', 'in_transit'), true);
    assert.equal(movesForward('in_transit', 'delivered'), true);
    assert.equal(movesForward('out_for_delivery', 'return_to_sender'), true);
  });
  it('when the status is behind, equal, or the parcel already reached an outcome, then it does not', () => {
    assert.equal(movesForward('delivered', 'in_transit'), false);
    assert.equal(movesForward('in_transit', 'in_transit'), false);
    assert.equal(movesForward('delivered', 'failure'), false);
    assert.equal(movesForward('in_transit', 'unknown'), false);
    assert.equal(movesForward('out_for_delivery', 'available_for_pickup'), false);
  });
  it('when the parcel is in transit, then it counts as scanned', () => {
    assert.equal(isScanned('pre_transit'), false);
    assert.equal(isScanned('in_transit'), true);
  });
});

describe('mergeSnapshot', () => {
  it('when a newer status arrives, then it advances with detail, location, time and estimate', () => {
    const change = mergeSnapshot(
      { trackingStatus: 'pre_transit', history: [pre] },
      snap('in_transit', [pre, transit]),
    );
    assert.deepEqual(change.history, [pre, transit]);
    assert.deepEqual(change.advanced, {
      status: 'in_transit',
      statusDetail: 'in_transit_detail',
      message: 'in_transit',
      location: 'Denver, CO',
      at: transit.at,
      estimatedDeliveryAt: '2025-01-05T00:00:00Z',
    });
  });
  it('when a late in_transit arrives after delivered, then history keeps it and nothing advances', () => {
    const state = { trackingStatus: 'delivered' as const, history: [pre, delivered] };
    const change = mergeSnapshot(state, snap('in_transit', [pre, transit]));
    assert.equal(change.advanced, undefined);
    assert.deepEqual(change.history, [pre, transit, delivered]);
  });
  it('when the same snapshot comes twice, then the second changes nothing', () => {
    const first = mergeSnapshot(
      { trackingStatus: 'pre_transit', history: [pre] },
      snap('in_transit', [pre, transit]),
    );
    const second = mergeSnapshot(
      { trackingStatus: 'in_transit', history: first.history },
      snap('in_transit', [pre, transit]),
    );
    assert.equal(second.advanced, undefined);
    assert.deepEqual(second.history, first.history);
  });
  it('when a status is not one we know, then it is recorded but never announced', () => {
    const change = mergeSnapshot(
      { trackingStatus: 'pre_transit', history: [] },
      snap('teleported', [ev('teleported', pre.at)]),
    );
    assert.equal(change.advanced, undefined);
    assert.equal(change.history.length, 1);
  });
  it('when the snapshot has no event for its status, then the tracker time is used', () => {
    const s = { ...snap('failure', [pre]), updatedAt: '2025-01-04T00:00:00Z' };
    assert.equal(
      mergeSnapshot({ trackingStatus: 'pre_transit', history: [] }, s).advanced?.at,
      '2025-01-04T00:00:00Z',
    );
  });
});
