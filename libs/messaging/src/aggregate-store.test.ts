import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { appendedTail } from './aggregate-store.ts';

describe('appendedTail', () => {
  it('when an array only grew at its end, then the new elements are returned', () => {
    const at = new Date(0);
    assert.deepEqual(
      appendedTail(
        [{ s: 'placed', at }],
        [
          { s: 'placed', at },
          { s: 'paid', at },
        ],
      ),
      [{ s: 'paid', at }],
    );
  });

  it('when an element before the end changed, or nothing was added, then it is not an append', () => {
    assert.equal(appendedTail([{ s: 'placed' }], [{ s: 'paid' }, { s: 'shipped' }]), undefined);
    assert.equal(appendedTail([1, 2], [1, 2]), undefined);
    assert.equal(appendedTail([1, 2], [2]), undefined);
    assert.equal(appendedTail(undefined, [1]), undefined);
    assert.equal(appendedTail('ab', 'abc'), undefined);
  });
});
