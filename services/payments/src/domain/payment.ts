/**
 * The local record of one order's payment: the PaymentIntent it uses, what happened to the
 * money, and the history of how we learnt it (command replies, webhooks, reconciliation).
 */
export const PaymentStatuses = [
  'new',
  'action_required',
  'authorized',
  'failed',
  'captured',
  'capture_failed',
  'voided',
  'partially_refunded',
  'refunded',
] as const;
export type PaymentStatus = (typeof PaymentStatuses)[number];

/** Who told us: our own call's answer, a Stripe webhook, or the reconciliation job. */
export type Source = 'command' | 'webhook' | 'reconcile';

export interface HistoryEntry {
  at: Date;
  from: PaymentStatus;
  to: PaymentStatus;
  source: Source;
  detail?: string;
}

export interface RefundRecord {
  id: string;
  amountMinor: number;
  /** The command that asked for it; absent for refunds made outside this service. */
  messageId?: string;
}

export interface PaymentState {
  orderId: string;
  status: PaymentStatus;
  intentId?: string | null;
  amountMinor: number;
  currency: string;
  capturedMinor: number;
  refundedMinor: number;
  refunds: RefundRecord[];
  failure?: { reason: string; declineCode?: string | null; message?: string | null } | null;
  dispute?: { id: string; reason: string; amountMinor: number } | null;
  authorizedAt?: Date | null;
  history: HistoryEntry[];
}

/** A fresh record for an order whose authorisation is about to be asked for. */
export function newPayment(input: { orderId: string; amountMinor: number; currency: string }): PaymentState {
  return { ...input, status: 'new', capturedMinor: 0, refundedMinor: 0, refunds: [], history: [] };
}

/** Money still refundable: captured minus what went back. */
export function refundableMinor(p: PaymentState): number {
  return Math.max(0, p.capturedMinor - p.refundedMinor);
}
