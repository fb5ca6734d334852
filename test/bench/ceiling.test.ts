import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { notReplayed, planOrder } from './ceiling.ts';

describe('store ceiling plan', () => {
  it('when a command runs a fractional number of times per order, then K orders run floor(K × rate) of it', () => {
    const mix = { find: 2.5, update: 1.25, insert: 1, getMore: 0.1 };
    const runs = Array.from({ length: 40 }, (_, i) => planOrder(mix, i));
    const count = (c: string) => runs.flat().filter((x) => x === c).length;
    assert.equal(count('find'), 100);
    assert.equal(count('update'), 50);
    assert.equal(count('insert'), 40);
    assert.equal(count('getMore'), 0);
    assert.deepEqual(planOrder(mix, 0), ['insert', 'find', 'find', 'update']);
    assert.deepEqual(planOrder(mix, 1), ['insert', 'find', 'find', 'find', 'update']);
  });

  it('when an order deletes, then its inserts come first', () => {
    const ops = planOrder({ delete: 1, insert: 1, findAndModify: 1 }, 0);
    assert.deepEqual(ops, ['insert', 'findAndModify', 'delete']);
  });

  it('when the mix holds commands it cannot replay singly, then they are reported apart', () => {
    assert.deepEqual(notReplayed({ find: 3, getMore: 0.5, createIndexes: 0, killCursors: 0.1 }), {
      getMore: 0.5,
      killCursors: 0.1,
    });
  });
});
