import type { NotificationKind } from '@commerce-sync/contracts';

export const NOTIFICATION_STATUSES = ['pending', 'sent', 'failed', 'skipped'] as const;
export type NotificationStatus = (typeof NOTIFICATION_STATUSES)[number];

/** One row per (order, kind) of the notifications log: the memory that makes each email go once. */
export interface NotificationRecord {
  orderId: string;
  kind: NotificationKind;
  status: NotificationStatus;
  /** Sending attempts made (claims won). */
  attempts: number;
  providerMessageId?: string;
  lastError?: string;
}

/**
 * Claim n of a row: a document with a unique id `<row>#<n>`. Whoever inserts it holds the
 * row until `until` (or until it releases it after a transient failure).
 */
export interface ClaimRecord {
  n: number;
  until: Date;
  released: boolean;
}

export type ClaimDecision =
  /** Try to insert claim `n`; the unique id decides between racing consumers. */
  | { outcome: 'claim'; n: number }
  /** Already sent, failed for good or skipped: nothing to do (a duplicate). */
  | { outcome: 'done' }
  /** Another consumer holds a live claim; look again later. */
  | { outcome: 'busy' };

export function decideClaim(
  row: NotificationRecord,
  latest: ClaimRecord | undefined,
  now: Date,
): ClaimDecision {
  if (row.status !== 'pending') return { outcome: 'done' };
  if (latest && !latest.released && latest.until > now) return { outcome: 'busy' };
  return { outcome: 'claim', n: (latest?.n ?? 0) + 1 };
}

export type SendResult =
  | { outcome: 'sent'; providerMessageId: string }
  | { outcome: 'rejected'; reason: string }
  | { outcome: 'deferred'; reason: string };

/** The row after an attempt: sent and rejected are final, deferred stays pending for a retry. */
export function afterAttempt(row: NotificationRecord, n: number, result: SendResult): NotificationRecord {
  const attempts = Math.max(row.attempts, n);
  if (result.outcome === 'sent')
    return { ...row, attempts, status: 'sent', providerMessageId: result.providerMessageId };
  const lastError = result.reason.slice(0, 500);
  return { ...row, attempts, lastError, status: result.outcome === 'rejected' ? 'failed' : 'pending' };
}
