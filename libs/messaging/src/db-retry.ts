import { setTimeout as sleep } from 'node:timers/promises';
import { AppError } from '@commerce-sync/errors';
import { backoffDelay } from './connection.ts';

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
  for (let attempt = 1; ; attempt++) {
    try {
      return await op();
    } catch (err) {
      if (!isContention(err)) throw err;
      if (attempt >= attempts) throw new DatabaseContended(err);
      // Conflicts clear in milliseconds: short, jittered waits beat long ones.
      await sleep(backoffDelay(attempt, 2, 100));
    }
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
