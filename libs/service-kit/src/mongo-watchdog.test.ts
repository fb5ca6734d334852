import assert from 'node:assert/strict';
import { describe, it, mock } from 'node:test';
import type { Connection } from 'mongoose';
import { watchMongo } from './mongo-watchdog.ts';
import { memoryLogger } from './test-logger.ts';

/** A connection whose driver topology knows one server of the given type. */
function fakeConnection(type: { current: string }) {
  const calls: string[] = [];
  const connection = {
    readyState: 1,
    getClient: () => ({
      topology: { description: { servers: new Map([['db:27017', { type: type.current }]]) } },
    }),
    close: async () => {
      calls.push('close');
    },
  } as unknown as Connection;
  return { connection, calls };
}

const settle = () => new Promise((r) => setImmediate(r));

describe('MongoDB client watchdog', () => {
  it('when the client has known no usable server for the limit, then it is closed and reopened once', async (t) => {
    t.mock.timers.enable({ apis: ['setInterval'] });
    let clock = 0;
    const type = { current: 'Unknown' };
    const { connection, calls } = fakeConnection(type);
    const reopen = mock.fn(async () => {
      type.current = 'Standalone';
    });
    const dog = watchMongo(connection, reopen, memoryLogger().logger, {
      everyMs: 5_000,
      stuckAfterMs: 30_000,
      now: () => clock,
    });
    for (let i = 0; i < 6; i++) {
      clock += 5_000;
      t.mock.timers.tick(5_000);
      await settle();
    }
    assert.deepEqual(calls, [], 'not before 30 s without a server');
    for (let i = 0; i < 3; i++) {
      clock += 5_000;
      t.mock.timers.tick(5_000);
      await settle();
    }
    dog.stop();
    assert.deepEqual(calls, ['close']);
    assert.equal(reopen.mock.callCount(), 1);
  });

  it('when the server comes back by itself within the limit, then the client is left alone', async (t) => {
    t.mock.timers.enable({ apis: ['setInterval'] });
    let clock = 0;
    const type = { current: 'Unknown' };
    const { connection, calls } = fakeConnection(type);
    const reopen = mock.fn(async () => {});
    const dog = watchMongo(connection, reopen, memoryLogger().logger, { now: () => clock });
    for (let i = 0; i < 20; i++) {
      if (i === 4) type.current = 'Standalone'; // the driver's monitor found it again
      if (i === 8) type.current = 'Unknown'; // a new outage starts its own count
      clock += 5_000;
      t.mock.timers.tick(5_000);
      await settle();
      if (i === 12) break;
    }
    dog.stop();
    assert.deepEqual(calls, []);
    assert.equal(reopen.mock.callCount(), 0);
  });
});
