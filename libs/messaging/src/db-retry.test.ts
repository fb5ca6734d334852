import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isAppError } from '@commerce-sync/errors';
import { isContention, withDbRetry } from './db-retry.ts';

const busy = () =>
  Object.assign(new Error('WriteConflict error: this operation conflicted with another operation'), {
    code: 112,
  });

describe('withDbRetry', () => {
  it('when the database is busy once, then the operation is retried and succeeds', async () => {
    let calls = 0;
    const result = await withDbRetry(async () => {
      if (++calls === 1) throw busy();
      return 'ok';
    });
    assert.equal(result, 'ok');
    assert.equal(calls, 2);
  });

  it('when the database stays busy, then a retryable error is raised', async () => {
    await assert.rejects(
      withDbRetry(async () => Promise.reject(busy()), 3),
      (err) => isAppError(err) && err.retryable && err.code === 'UPSTREAM_UNAVAILABLE',
    );
  });

  it('when the error is not contention, then it is raised at once', async () => {
    let calls = 0;
    const boom = new Error('E11000 duplicate key');
    await assert.rejects(
      withDbRetry(async () => {
        calls++;
        throw boom;
      }),
      boom,
    );
    assert.equal(calls, 1);
    assert.equal(isContention(boom), false);
  });
});
