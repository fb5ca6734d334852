import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createKeyedLock } from './keyed-lock.ts';

describe('keyed lock', () => {
  it('when tasks of one key overlap, then they run one at a time in arrival order', async () => {
    const lock = createKeyedLock();
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
    const lock = createKeyedLock();
    const failing = lock.run('k', async () => {
      throw new Error('boom');
    });
    const next = lock.run('k', async () => 'ran');
    await assert.rejects(failing, /boom/);
    assert.equal(await next, 'ran');
    await new Promise((r) => setImmediate(r));
    assert.equal(lock.size(), 0);
  });
});
