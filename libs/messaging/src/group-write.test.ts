import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GroupWrite } from './group-write.ts';

describe('GroupWrite', () => {
  it('when items are added while a write is running, then they go together in the next write', async () => {
    const calls: number[][] = [];
    const gate = Promise.withResolvers<void>();
    const group = new GroupWrite<number>(async (items) => {
      calls.push(items);
      if (calls.length === 1) await gate.promise;
    });
    const first = group.add(1);
    await Promise.resolve();
    await Promise.resolve();
    const rest = [group.add(2), group.add(3), group.add(4)];
    gate.resolve();
    await Promise.all([first, ...rest]);
    assert.deepEqual(calls, [[1], [2, 3, 4]]);
  });

  it('when items are added in the same tick, then one write carries them all', async () => {
    const calls: string[][] = [];
    const group = new GroupWrite<string>(async (items) => {
      calls.push(items);
    });
    await Promise.all(['a', 'b', 'c'].map((x) => group.add(x)));
    assert.deepEqual(calls, [['a', 'b', 'c']]);
  });

  it('when a write fails, then every caller of that batch gets the error and later batches still run', async () => {
    let fail = true;
    const group = new GroupWrite<number>(async () => {
      if (fail) throw new Error('disk full');
    });
    const results = await Promise.allSettled([group.add(1), group.add(2)]);
    assert.deepEqual(
      results.map((r) => r.status),
      ['rejected', 'rejected'],
    );
    fail = false;
    await group.add(3);
  });
});
