import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { OrderView } from '../e2e/world.ts';
import { hopFigures, slowestOrders } from './figures.ts';

const T0 = Date.parse('2026-11-26T00:00:00.000Z');

/** An order placed at `placed` ms whose saga steps took `steps` ms each, in order. */
function order(id: string, steps: number[]): OrderView {
  const names = ['authorizing', 'reserving', 'capturing', 'fulfilling', 'shipped'];
  let at = T0;
  const timeline = steps.map((ms, i) => {
    at += ms;
    return { at: new Date(at).toISOString(), from: '', to: names[i]!, event: '', cause: '' };
  });
  return {
    id,
    status: 'shipped',
    line_items: [],
    amounts: { total: { minor: 0 } },
    payment: { state: '' },
    timeline,
  };
}

describe('bench figures', () => {
  const orders = [order('a', [5, 10, 20, 30, 40]), order('b', [5, 4000, 20, 30, 40]), order('c', [5, 10])];
  const placedAt = new Map(orders.map((o) => [o.id, T0]));

  it('when orders pass the saga, then each step is timed from the one before', () => {
    const hops = hopFigures(orders, placedAt);
    assert.equal(hops.reserving?.p99, 4000);
    assert.equal(hops.authorizing?.p50, 5);
  });

  it('when asked for the slowest, then they come longest first with their steps, and unlabelled orders are left out', () => {
    const slow = slowestOrders(orders, placedAt, 5);
    assert.deepEqual(
      slow.map((o) => [o.orderId, o.totalMs]),
      [
        ['b', 4095],
        ['a', 105],
      ],
    );
    assert.equal(slow[0]?.hopsMs.reserving, 4000);
    assert.equal(slow[0]?.placedAt, '2026-11-26T00:00:00.000Z');
  });
});
