import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { KeyedLock } from './keyed-lock.ts';

const tick = () => new Promise((r) => setImmediate(r));

describe('KeyedLock', () => {
  it('when two writers take the same key, then the second starts after the first ends', async () => {
    const lock = new KeyedLock();
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
    const lock = new KeyedLock();
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
    const lock = new KeyedLock();
    await assert.rejects(lock.run('k', async () => Promise.reject(new Error('boom'))));
    assert.equal(await lock.runAll(['k', 'j'], async () => 'next'), 'next');
  });

  it('when tasks of one key overlap, then they run one at a time in arrival order', async () => {
    const lock = new KeyedLock();
    const log: string[] = [];
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const a = lock.run('sku', async () => {
      log.push('a:start');
      await gate;
      log.push('a:end');
    });
    const b = lock.run('sku', async () => {
      log.push('b');
    });
    const other = lock.run('other', async () => {
      log.push('other');
    });
    await other;
    release();
    await Promise.all([a, b]);
    assert.deepEqual(log, ['a:start', 'other', 'a:end', 'b']);
  });

  it('when a task fails, then the next one still runs and the failure reaches its caller', async () => {
    const lock = new KeyedLock();
    const failing = lock.run('k', async () => {
      throw new Error('boom');
    });
    const next = lock.run('k', async () => 'ran');
    await assert.rejects(failing, /boom/);
    assert.equal(await next, 'ran');
    await new Promise((r) => setImmediate(r));
    assert.equal(lock.size, 0);
  });
});
