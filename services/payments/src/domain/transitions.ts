import type { PaymentState, PaymentStatus, Source } from './payment.ts';

/**
 * Every move a payment may make. Stripe's events arrive late, twice and out of order; a
 * move not in this table is a stale report and is ignored, so status only goes forward.
 */
export const TRANSITIONS: Record<PaymentStatus, readonly PaymentStatus[]> = {
  new: ['action_required', 'authorized', 'failed', 'captured', 'voided'],
  action_required: ['authorized', 'failed', 'voided'],
  authorized: ['captured', 'capture_failed', 'voided'],
  capture_failed: ['captured', 'voided'],
  captured: ['partially_refunded', 'refunded'],
  partially_refunded: ['partially_refunded', 'refunded'],
  failed: [],
  voided: [],
  refunded: [],
};

/** History is for people; keep the last entries only so the document stays small. */
const HISTORY_LIMIT = 50;

export function canMove(from: PaymentStatus, to: PaymentStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

/** Moves the payment when the table allows it and writes the history line; false otherwise. */
export function move(p: PaymentState, to: PaymentStatus, at: Date, source: Source, detail?: string): boolean {
  if (!canMove(p.status, to)) return false;
  p.history.push({ at, from: p.status, to, source, ...(detail ? { detail } : {}) });
  if (p.history.length > HISTORY_LIMIT) p.history.splice(0, p.history.length - HISTORY_LIMIT);
  p.status = to;
  return true;
}
