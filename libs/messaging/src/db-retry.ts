import { AppError } from '@commerce-sync/errors';
import { withRetry } from '@commerce-sync/service-kit/retry';

/**
 * Write contention the server reports as an error rather than waiting: MongoDB labels its
 * own transient failures (and reports WriteConflict); they succeed when simply tried again.
 */
export function isContention(err: unknown): boolean {
  const e = err as { message?: unknown; errorLabelSet?: Set<string> } | null;
  if (!e || typeof e !== 'object') return false;
  if (e.errorLabelSet?.has('RetryableWriteError') || e.errorLabelSet?.has('TransientTransactionError'))
    return true;
  return typeof e.message === 'string' && /WriteConflict/.test(e.message);
}

export class DatabaseContended extends AppError {
  constructor(cause: unknown) {
    super('UPSTREAM_UNAVAILABLE', 'the database stayed busy', { cause, api: 'mongo', retryable: true });
  }
}

/** Runs a database operation, retrying contention a few times with jitter; then fails retryably. */
export async function withDbRetry<T>(op: () => Promise<T>, attempts = 25): Promise<T> {
  try {
    // Conflicts clear in milliseconds: short, jittered waits beat long ones.
    return await withRetry(op, { retryOn: isContention, attempts, initialDelayMs: 2, maxDelayMs: 100 });
  } catch (err) {
    throw isContention(err) ? new DatabaseContended(err) : err;
  }
}

/** An (unordered) insert failed only because some of its `_id`s were already there. */
export function onlyDuplicateKeys(err: unknown): boolean {
  const e = err as { code?: number; writeErrors?: Array<{ code?: number }> | { code?: number } } | null;
  if (!e || typeof e !== 'object') return false;
  if (e.code === 11000 && !e.writeErrors) return true;
  const errors = Array.isArray(e.writeErrors) ? e.writeErrors : e.writeErrors ? [e.writeErrors] : [];
  return errors.length > 0 && errors.every((w) => w.code === 11000);
}
