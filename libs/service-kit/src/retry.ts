import { setTimeout as sleep } from 'node:timers/promises';
import {
  ConstantBackoff,
  halfJitterGenerator,
  handleWhen,
  type IExponentialBackoffOptions,
  retry,
} from 'cockatiel';

export interface RetryOptions {
  /** Whether a failure is worth another try; any other failure is thrown at once. */
  retryOn(err: unknown): boolean;
  /** The first wait; each step doubles it up to `maxDelayMs`. */
  initialDelayMs: number;
  maxDelayMs: number;
  /** Tries in all, the first one included (default: no limit). */
  attempts?: number;
  /** No try starts later than this after the call; the last failure is thrown. */
  deadlineMs?: number;
  /** Failed tries per backoff step (default 1): a round of a cluster's nodes waits alike. */
  triesPerStep?: number;
  /** Failures that happened before this call (a dropped connection is one): the first try waits. */
  failedBefore?: number;
  /** Cuts a wait short: the call then rejects with an AbortError, and no try follows. */
  signal?: AbortSignal;
  /** Before each wait: the failures so far and how long the next try waits. */
  onRetry?(retry: { error: unknown; attempt: number; delayMs: number }): void;
}

/**
 * Runs `op` until it succeeds, retrying the failures `retryOn` accepts with capped exponential
 * backoff and equal jitter (a wait is drawn between half and all of its step), so callers
 * that failed together spread out. cockatiel decides whether to go on; the wait itself runs
 * on an abortable timer at the start of the next try, because cockatiel's own wait ignores
 * the signal and would hold a closing process for up to `maxDelayMs`.
 */
export async function withRetry<T>(op: () => Promise<T>, opts: RetryOptions): Promise<T> {
  const deadline = opts.deadlineMs === undefined ? Infinity : Date.now() + opts.deadlineMs;
  const signal = opts.signal ?? new AbortController().signal;
  const before = opts.failedBefore ?? 0;
  const policy = retry(
    handleWhen((err) => !signal.aborted && Date.now() < deadline && opts.retryOn(err)),
    { maxAttempts: (opts.attempts ?? Infinity) - 1, backoff: new ConstantBackoff(0) },
  );
  let lastError: unknown;
  return policy.execute(async ({ attempt }) => {
    const failures = before + attempt;
    if (failures > 0) {
      const delayMs = backoffDelay(failures, opts);
      opts.onRetry?.({ error: lastError, attempt: failures, delayMs });
      await sleep(delayMs, undefined, { signal });
    }
    try {
      return await op();
    } catch (err) {
      lastError = err;
      throw err;
    }
  }, signal);
}

/** The wait after `failures` failed tries (1 and up), by cockatiel's equal-jitter generator. */
export function backoffDelay(
  failures: number,
  opts: Pick<RetryOptions, 'initialDelayMs' | 'maxDelayMs' | 'triesPerStep'>,
): number {
  const step = Math.floor((failures - 1) / (opts.triesPerStep ?? 1));
  const options: IExponentialBackoffOptions<number> = {
    generator: halfJitterGenerator,
    initialDelay: opts.initialDelayMs,
    maxDelay: opts.maxDelayMs,
    exponent: 2,
  };
  return halfJitterGenerator(step, options)[0];
}
