import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DocumentLock } from './document-lock.ts';

const tick = () => new Promise((r) => setImmediate(r));

describe('DocumentLock', () => {
  it('when two writers take the same key, then the second starts after the first ends', async () => {
    const lock = new DocumentLock();
    const events: string[] = [];
    const writer = (name: string) =>
      lock.run('orders:1', async () => {
        events.push(`${name} start`);
        await tick();
        events.push(`${name} end`);
      });
    await Promise.all([writer('a'), writer('b')]);
    assert.deepEqual(events, ['a start', 'a end', 'b start', 'b end']);
  });

  it('when writers take different keys, then they run at the same time', async () => {
    const lock = new DocumentLock();
    const events: string[] = [];
    const writer = (key: string) =>
      lock.run(key, async () => {
        events.push(`${key} start`);
        await tick();
        events.push(`${key} end`);
      });
    await Promise.all([writer('x'), writer('y')]);
    assert.deepEqual(events, ['x start', 'y start', 'x end', 'y end']);
  });

  it('when a holder throws, then the key is released for the next writer', async () => {
    const lock = new DocumentLock();
    await assert.rejects(lock.run('k', async () => Promise.reject(new Error('boom'))));
    assert.equal(await lock.runAll(['k', 'j'], async () => 'next'), 'next');
  });
});
