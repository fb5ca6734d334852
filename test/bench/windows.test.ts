import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CpuSample } from './proc.ts';
import { firstLast, WindowMarker, windowSize } from './windows.ts';

const sample = (at: number, store: number): CpuSample => ({ at, ticks: { store }, started: { store: 1 } });

describe('first and last orders of the max phase', () => {
  it('when N is 3,000 or more, then the windows are 1,000 orders; below, a third of N', () => {
    assert.equal(windowSize(20_000), 1000);
    assert.equal(windowSize(3000), 1000);
    assert.equal(windowSize(300), 100);
  });

  it('when the polls cross the thresholds, then each window gets the orders and CPU between its two samples', () => {
    const m = new WindowMarker(3000);
    m.start(sample(0, 0));
    let taken = 0;
    // Labels as the closed loop sees them, with the tick count of the store at that moment.
    const polls: [number, number, number][] = [
      [500, 50_000, 5_000],
      [1004, 100_000, 10_000],
      [1900, 190_000, 19_000],
      [2010, 200_000, 20_000],
      [2500, 260_000, 26_000],
      [3000, 320_000, 32_000],
      [3000, 321_000, 32_100],
    ];
    for (const [labelled, at, ticks] of polls)
      m.observe(labelled, () => {
        taken++;
        return sample(at, ticks);
      });
    assert.equal(taken, 3, 'a sample only when a mark is due');
    const r = firstLast(m, 100);
    assert.equal(r.window, 1000);
    assert.equal(r.first?.orders, 1004);
    assert.equal(r.first?.seconds, 100);
    assert.equal(r.first?.ordersPerSec, 10.04);
    assert.equal(r.first?.cpuPerOrder.total, 100 / 1004);
    assert.equal(r.last?.orders, 990);
    assert.equal(r.last?.seconds, 120);
    assert.equal(r.last?.cpuPerOrder.cpu.store, 120 / 990);
  });

  it('when one poll crosses several thresholds at once, then they share its sample and an empty window is left out', () => {
    const m = new WindowMarker(30);
    m.start(sample(0, 0));
    m.observe(30, () => sample(1000, 100));
    const r = firstLast(m, 100);
    assert.equal(r.first?.orders, 30);
    assert.equal(r.last, undefined);
  });

  it('when the phase never reaches the last mark, then only the first window is reported', () => {
    const m = new WindowMarker(3000);
    m.start(sample(0, 0));
    m.observe(1500, () => sample(1000, 10));
    const r = firstLast(m, 100);
    assert.ok(r.first);
    assert.equal(r.last, undefined);
  });
});
