import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Collection } from 'mongodb';
import { LocalWrites } from './local-writes.ts';

const orders = { collectionName: 'orders' } as Collection;
const snapshot = (n: number) => ({ version: n, outbox: [] });

describe('LocalWrites', () => {
  it('when a taken write is restored, then the next take returns it again, without its snapshot', () => {
    const writes = new LocalWrites();
    writes.note(orders, 'o1', snapshot(1));
    const taken = writes.take(10);
    assert.equal(writes.size, 0);
    writes.restore(taken);
    const again = writes.take(10);
    assert.deepEqual(
      again.map((w) => [w.key, w.id, w.snapshot]),
      [[taken[0]!.key, 'o1', undefined]],
    );
  });

  it('when the document was written again before the restore, then the newer entry wins', () => {
    const writes = new LocalWrites();
    writes.note(orders, 'o1', snapshot(1));
    const taken = writes.take(10);
    writes.note(orders, 'o1', snapshot(2));
    writes.restore(taken);
    const again = writes.take(10);
    assert.equal(again.length, 1);
    assert.deepEqual(again[0]!.snapshot, snapshot(2));
  });
});
