export type FailureDecision =
  | { action: 'retry'; tierMs: number; nextAttempt: number; waits: number }
  | { action: 'dead-letter'; reason: 'non-retryable' | 'retries-exhausted' };

export interface FailureFacts {
  retryable: boolean;
  retryAfterMs?: number | undefined;
  code?: string | undefined;
}

/** How long a message has been waiting out dependencies that were away. */
export interface WaitState {
  /** Retries so far that did not count as attempts. */
  waits: number;
  /** Milliseconds since the message first failed. */
  sinceFirstFailureMs: number;
  /** How long an outage may hold a message before its waits count as attempts. */
  budgetMs: number;
}

/**
 * Codes that say "a dependency is away or asks us to slow down", not "this message failed":
 * throttling, an unreachable or 503 upstream (database and broker included), an open
 * circuit, a peer shutting down. Retrying them spends no attempt, so an outage or a
 * throttled burst never walks a valid message up to the longest tier and into the DLQ.
 */
export const WAIT_CODES: ReadonlySet<string> = new Set([
  'RATE_LIMITED',
  'UPSTREAM_UNAVAILABLE',
  'SHUTTING_DOWN',
]);

/**
 * Attempt n (1-based) that failed with a retryable error waits tier n. When the error asks
 * for a longer wait (Retry-After, open circuit), the first later tier that is long enough is
 * used instead, or the longest one.
 *
 * A failure with a wait code, while the message has waited less than `budgetMs` in all,
 * keeps its attempt number and waits tier `waits` (1 s, 10 s, 60 s, then the 60 s tier again
 * with the default tiers: never the longest, so the message returns soon after the outage).
 */
export function decideFailure(
  err: FailureFacts,
  attempt: number,
  tiersMs: readonly number[],
  wait?: WaitState,
): FailureDecision {
  if (!err.retryable) return { action: 'dead-letter', reason: 'non-retryable' };
  const wanted = err.retryAfterMs ?? 0;
  const waiting = wait && err.code && WAIT_CODES.has(err.code) && wait.sinceFirstFailureMs < wait.budgetMs;
  if (waiting && tiersMs.length > 0) {
    const index = Math.min(wait.waits, Math.max(0, tiersMs.length - 2));
    return {
      action: 'retry',
      tierMs: pickTier(tiersMs, index, wanted),
      nextAttempt: attempt,
      waits: wait.waits + 1,
    };
  }
  const index = attempt - 1;
  if (index >= tiersMs.length) return { action: 'dead-letter', reason: 'retries-exhausted' };
  return {
    action: 'retry',
    tierMs: pickTier(tiersMs, index, wanted),
    nextAttempt: attempt + 1,
    waits: wait?.waits ?? 0,
  };
}

function pickTier(tiersMs: readonly number[], index: number, wantedMs: number): number {
  const later = tiersMs.slice(index);
  return later.find((t) => t >= wantedMs) ?? later[later.length - 1]!;
}
