export type FailureDecision =
  | { action: 'retry'; tierMs: number; nextAttempt: number }
  | { action: 'dead-letter'; reason: 'non-retryable' | 'retries-exhausted' };

export interface FailureFacts {
  retryable: boolean;
  retryAfterMs?: number | undefined;
}

/**
 * Attempt n (1-based) that failed with a retryable error waits tier n. When the error asks
 * for a longer wait (Retry-After, open circuit), the first later tier that is long enough is
 * used instead, or the longest one.
 */
export function decideFailure(
  err: FailureFacts,
  attempt: number,
  tiersMs: readonly number[],
): FailureDecision {
  if (!err.retryable) return { action: 'dead-letter', reason: 'non-retryable' };
  const index = attempt - 1;
  if (index >= tiersMs.length) return { action: 'dead-letter', reason: 'retries-exhausted' };
  const wanted = err.retryAfterMs ?? 0;
  const later = tiersMs.slice(index);
  const tierMs = later.find((t) => t >= wanted) ?? later[later.length - 1]!;
  return { action: 'retry', tierMs, nextAttempt: attempt + 1 };
}
