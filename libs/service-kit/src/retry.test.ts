import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { backoffDelay, withRetry } from './retry.ts';

const busy = new Error('busy');
const fast = { initialDelayMs: 2, maxDelayMs: 8, retryOn: (err: unknown) => err === busy };

/** An operation failing with `error` `times` times, then answering 'done'. */
function failing(times: number, error: unknown = busy) {
  const op = async () => {
    op.calls++;
    if (op.calls <= times) throw error;
    return 'done';
  };
  op.calls = 0;
  return op;
}

describe('withRetry', () => {
  it('when an accepted failure happens twice, then the third try answers and each wait is reported', async () => {
    const op = failing(2);
    const waits: Array<{ attempt: number; delayMs: number; error: unknown }> = [];
    assert.equal(await withRetry(op, { ...fast, onRetry: (r) => waits.push(r) }), 'done');
    assert.equal(op.calls, 3);
    assert.deepEqual(
      waits.map((w) => [w.attempt, w.error]),
      [
        [1, busy],
        [2, busy],
      ],
    );
    for (const w of waits) assert.ok(w.delayMs >= 1 && w.delayMs <= 8, `wait ${w.delayMs} ms`);
  });

  it('when a failure is not accepted, then it is thrown at once', async () => {
    const other = new Error('bad input');
    const op = failing(5, other);
    await assert.rejects(withRetry(op, fast), other);
    assert.equal(op.calls, 1);
  });

  it('when every try fails, then the last failure is thrown after `attempts` tries', async () => {
    const op = failing(10);
    await assert.rejects(withRetry(op, { ...fast, attempts: 3 }), busy);
    assert.equal(op.calls, 3);
  });

  it('when the deadline has passed, then no try follows and the last failure is thrown', async () => {
    const op = failing(10);
    await assert.rejects(withRetry(op, { ...fast, deadlineMs: 0 }), busy);
    assert.equal(op.calls, 1);
  });

  it('when the signal aborts during a long wait, then the call rejects at once without another try', async () => {
    const op = failing(10);
    const stop = new AbortController();
    const started = Date.now();
    const call = withRetry(op, {
      ...fast,
      initialDelayMs: 60_000,
      maxDelayMs: 60_000,
      signal: stop.signal,
      onRetry: () => stop.abort(),
    });
    await assert.rejects(call, { name: 'AbortError' });
    assert.equal(op.calls, 1);
    assert.ok(Date.now() - started < 5_000);
  });

  it('when failures happened before the call, then the first try waits as the next retry would', async () => {
    const op = failing(0);
    const order: string[] = [];
    const result = await withRetry(
      async () => {
        order.push('try');
        return op();
      },
      { ...fast, failedBefore: 1, onRetry: (r) => order.push(`wait ${r.attempt}`) },
    );
    assert.equal(result, 'done');
    assert.deepEqual(order, ['wait 1', 'try']);
  });
});

describe('backoffDelay', () => {
  it('when tries fail, then each step doubles the wait up to the cap, with equal jitter', () => {
    const opts = { initialDelayMs: 100, maxDelayMs: 400 };
    const ranges = [1, 2, 3, 4, 5].map((n) => {
      const draws = Array.from({ length: 200 }, () => backoffDelay(n, opts));
      return [Math.min(...draws), Math.max(...draws)];
    });
    const within = ([lo, hi]: number[], min: number, max: number) =>
      (lo ?? -1) >= min && (hi ?? Infinity) <= max;
    assert.ok(within(ranges[0]!, 50, 100), `1: ${ranges[0]}`);
    assert.ok(within(ranges[1]!, 100, 200), `2: ${ranges[1]}`);
    assert.ok(within(ranges[2]!, 200, 400), `3: ${ranges[2]}`);
    assert.ok(within(ranges[4]!, 200, 400), `5 (capped): ${ranges[4]}`);
  });

  it('when a step spans a round of tries, then the wait grows only after the round', () => {
    const opts = { initialDelayMs: 100, maxDelayMs: 10_000, triesPerStep: 3 };
    for (const n of [1, 2, 3]) assert.ok(backoffDelay(n, opts) <= 100);
    assert.ok(backoffDelay(4, opts) >= 100);
  });
});
