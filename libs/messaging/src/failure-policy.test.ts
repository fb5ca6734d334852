import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decideFailure } from './failure-policy.ts';

const tiers = [1_000, 10_000, 60_000];

describe('decideFailure', () => {
  it('when the error is not retryable, then it is dead-lettered at once', () => {
    assert.deepEqual(decideFailure({ retryable: false }, 1, tiers), {
      action: 'dead-letter',
      reason: 'non-retryable',
    });
  });

  it('when attempt n fails retryably, then it waits tier n', () => {
    assert.deepEqual(decideFailure({ retryable: true }, 1, tiers), {
      action: 'retry',
      tierMs: 1_000,
      nextAttempt: 2,
    });
    assert.deepEqual(decideFailure({ retryable: true }, 3, tiers), {
      action: 'retry',
      tierMs: 60_000,
      nextAttempt: 4,
    });
  });

  it('when every tier has been used, then it is dead-lettered as exhausted', () => {
    assert.deepEqual(decideFailure({ retryable: true }, 4, tiers), {
      action: 'dead-letter',
      reason: 'retries-exhausted',
    });
  });

  it('when the error asks for a longer wait than the tier, then a long-enough later tier is used', () => {
    const decision = decideFailure({ retryable: true, retryAfterMs: 5_000 }, 1, tiers);
    assert.deepEqual(decision, { action: 'retry', tierMs: 10_000, nextAttempt: 2 });
  });

  it('when the wait asked for exceeds every tier, then the longest tier is used', () => {
    const decision = decideFailure({ retryable: true, retryAfterMs: 3_600_000 }, 2, tiers);
    assert.deepEqual(decision, { action: 'retry', tierMs: 60_000, nextAttempt: 3 });
  });
});
