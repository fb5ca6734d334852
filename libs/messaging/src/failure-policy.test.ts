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
      waits: 0,
    });
    assert.deepEqual(decideFailure({ retryable: true }, 3, tiers), {
      action: 'retry',
      tierMs: 60_000,
      nextAttempt: 4,
      waits: 0,
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
    assert.deepEqual(decision, { action: 'retry', tierMs: 10_000, nextAttempt: 2, waits: 0 });
  });

  it('when the wait asked for exceeds every tier, then the longest tier is used', () => {
    const decision = decideFailure({ retryable: true, retryAfterMs: 3_600_000 }, 2, tiers);
    assert.deepEqual(decision, { action: 'retry', tierMs: 60_000, nextAttempt: 3, waits: 0 });
  });

  const outage = (waits: number, sinceFirstFailureMs = 5_000) => ({
    waits,
    sinceFirstFailureMs,
    budgetMs: 3_600_000,
  });
  const defaults = [1_000, 10_000, 60_000, 600_000];

  it('when a dependency is away, then the retry spends no attempt and the waits climb to the second-longest tier only', () => {
    const away = { retryable: true, code: 'UPSTREAM_UNAVAILABLE' };
    const tiersSeen = [0, 1, 2, 3, 4, 5].map((w) => decideFailure(away, 2, defaults, outage(w)));
    assert.deepEqual(
      tiersSeen.map((d) => (d.action === 'retry' ? [d.tierMs, d.nextAttempt, d.waits] : d.action)),
      [
        [1_000, 2, 1],
        [10_000, 2, 2],
        [60_000, 2, 3],
        [60_000, 2, 4],
        [60_000, 2, 5],
        [60_000, 2, 6],
      ],
    );
  });

  it('when throttled with a Retry-After, then the wait is long enough and still spends no attempt', () => {
    const throttled = { retryable: true, code: 'RATE_LIMITED', retryAfterMs: 5_000 };
    assert.deepEqual(decideFailure(throttled, 4, defaults, outage(0)), {
      action: 'retry',
      tierMs: 10_000,
      nextAttempt: 4,
      waits: 1,
    });
  });

  it('when the outage outlasts the budget, then its retries count as attempts again and end in the DLQ', () => {
    const away = { retryable: true, code: 'UPSTREAM_UNAVAILABLE' };
    const late = outage(40, 3_600_001);
    assert.deepEqual(decideFailure(away, 1, defaults, late), {
      action: 'retry',
      tierMs: 1_000,
      nextAttempt: 2,
      waits: 40,
    });
    assert.deepEqual(decideFailure(away, 5, defaults, late), {
      action: 'dead-letter',
      reason: 'retries-exhausted',
    });
  });

  it('when the failure is the message’s own (a timeout, an internal error), then it spends an attempt as before', () => {
    const timeout = { retryable: true, code: 'UPSTREAM_TIMEOUT' };
    assert.deepEqual(decideFailure(timeout, 1, defaults, outage(0)), {
      action: 'retry',
      tierMs: 1_000,
      nextAttempt: 2,
      waits: 0,
    });
  });
});
