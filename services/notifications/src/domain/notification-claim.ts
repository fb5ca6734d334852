import type { NotificationKind } from '@commerce-sync/contracts';

export const NOTIFICATION_STATUSES = ['pending', 'sent', 'failed', 'skipped'] as const;
export type NotificationStatus = (typeof NOTIFICATION_STATUSES)[number];

/** One row per (order, kind) of the notifications log: the memory that makes each email go once. */
export interface NotificationRecord {
  orderId: string;
  kind: NotificationKind;
  status: NotificationStatus;
  /** SMTP attempts made (claims that reached the send step). */
  attempts: number;
  claimedBy?: string | null;
  claimedUntil?: Date | null;
  providerMessageId?: string;
  lastError?: string;
  /** A transient failure was already announced (notification.failed, permanent=false). */
  delayReported?: boolean;
}

export type ClaimDecision =
  /** This consumer holds the row until `claimedUntil` and must send. */
  | { outcome: 'send' }
  /** The customer opted out of this kind: record it as skipped, send nothing. */
  | { outcome: 'skip' }
  /** Already sent, failed for good or skipped: nothing to do (a duplicate). */
  | { outcome: 'done' }
  /** Another consumer is sending right now; look again later. */
  | { outcome: 'busy'; until: Date };

export interface ClaimInput {
  now: Date;
  owner: string;
  leaseMs: number;
  optedOut: boolean;
}

/**
 * Decides what to do with a row and, for send/skip, changes it in place (the caller writes it
 * back under an optimistic version check, so two consumers can never both win).
 */
export function claimNotification(row: NotificationRecord, input: ClaimInput): ClaimDecision {
  if (row.status !== 'pending') return { outcome: 'done' };
  if (row.claimedUntil && row.claimedUntil > input.now && row.claimedBy !== input.owner) {
    return { outcome: 'busy', until: row.claimedUntil };
  }
  if (input.optedOut) {
    row.status = 'skipped';
    row.claimedBy = null;
    row.claimedUntil = null;
    return { outcome: 'skip' };
  }
  row.claimedBy = input.owner;
  row.claimedUntil = new Date(input.now.getTime() + input.leaseMs);
  row.attempts += 1;
  return { outcome: 'send' };
}

export type SendResult =
  | { outcome: 'sent'; providerMessageId: string }
  | { outcome: 'rejected'; reason: string }
  | { outcome: 'deferred'; reason: string };

/**
 * Records what the SMTP server said. Sent and rejected are final; deferred releases the claim
 * for the next retry. Returns whether the change should be announced (a delay only once).
 */
export function recordSendResult(row: NotificationRecord, result: SendResult): boolean {
  // Another consumer finished it after our lease ran out: its record stands.
  if (row.status !== 'pending') return false;
  row.claimedBy = null;
  row.claimedUntil = null;
  if (result.outcome === 'sent') {
    row.status = 'sent';
    row.providerMessageId = result.providerMessageId;
    return true;
  }
  row.lastError = result.reason.slice(0, 500);
  if (result.outcome === 'rejected') {
    row.status = 'failed';
    return true;
  }
  const announce = !row.delayReported;
  row.delayReported = true;
  return announce;
}
