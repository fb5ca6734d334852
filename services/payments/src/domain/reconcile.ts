import type { MessageType, Payload } from '@commerce-sync/contracts';
import type { IntentSnapshot } from './intent-snapshot.ts';
import { failureReason } from './intent-snapshot.ts';
import type { PaymentState, PaymentStatus, Source } from './payment.ts';
import { move } from './transitions.ts';

/** A message the domain asks to emit (the messaging lib's OutgoingMessage, without the lib). */
export type PaymentEvent = {
  [T in MessageType]: { type: T; payload: Payload<T> };
}[MessageType];

export interface ReconcileOptions {
  at: Date;
  source: Source;
  /** `fail`: an intent that needs 3-D Secure fails the order; `wait`: wait for the customer. */
  onActionRequired: 'fail' | 'wait';
}

/** Where the payment should be, given what Stripe says about its intent; undefined: no opinion. */
function targetOf(p: PaymentState, snap: IntentSnapshot, opts: ReconcileOptions): PaymentStatus | undefined {
  switch (snap.status) {
    case 'requires_capture':
      return 'authorized';
    case 'succeeded':
      return 'captured';
    case 'canceled':
      // A hold that never got authorised cannot be "voided": the order could not be paid.
      return p.status === 'new' || p.status === 'action_required' ? 'failed' : 'voided';
    case 'requires_action':
      return opts.onActionRequired === 'fail' ? 'failed' : 'action_required';
    case 'requires_payment_method':
      return snap.lastError ? 'failed' : undefined;
    default:
      return undefined;
  }
}

/**
 * Brings the payment in line with Stripe's view of its intent and returns the events the
 * change means. A stale or repeated report changes nothing and emits nothing, so the
 * command path, webhooks and reconciliation can all call this without double-emitting.
 */
export function reconcile(p: PaymentState, snap: IntentSnapshot, opts: ReconcileOptions): PaymentEvent[] {
  if (p.intentId && p.intentId !== snap.id) return [];
  const to = targetOf(p, snap, opts);
  if (!to || to === p.status) return [];
  const detail = `stripe ${snap.status}${snap.cancellationReason ? ` (${snap.cancellationReason})` : ''}`;
  if (!move(p, to, opts.at, opts.source, detail)) return [];
  p.intentId = snap.id;
  return outcomeOf(p, to, snap, opts.at);
}

function outcomeOf(p: PaymentState, to: PaymentStatus, snap: IntentSnapshot, at: Date): PaymentEvent[] {
  const { orderId } = p;
  const paymentIntentId = snap.id;
  switch (to) {
    case 'authorized':
      p.authorizedAt = at;
      p.amountMinor = snap.amountCapturable || snap.amount;
      return [
        {
          type: 'payment.authorized',
          payload: { orderId, paymentIntentId, amountMinor: p.amountMinor, currency: p.currency },
        },
      ];
    case 'captured':
      p.capturedMinor = snap.amountReceived;
      return [
        {
          type: 'payment.captured',
          payload: { orderId, paymentIntentId, amountMinor: p.capturedMinor, currency: p.currency },
        },
      ];
    case 'voided':
      return [{ type: 'payment.voided', payload: { orderId, paymentIntentId } }];
    case 'failed': {
      p.failure = failureOf(snap);
      return [
        {
          type: 'payment.failed',
          payload: {
            orderId,
            paymentIntentId,
            reason: p.failure.reason,
            ...(p.failure.declineCode ? { declineCode: p.failure.declineCode } : {}),
            ...(p.failure.message ? { message: p.failure.message.slice(0, 500) } : {}),
          },
        },
      ];
    }
    default:
      return [];
  }
}

function failureOf(snap: IntentSnapshot): NonNullable<PaymentState['failure']> {
  if (snap.status === 'requires_action')
    return { reason: 'action_required', message: 'The card needs authentication (3-D Secure).' };
  if (snap.status === 'canceled')
    return {
      reason: 'canceled',
      message: `The intent was canceled (${snap.cancellationReason ?? 'no reason'}).`,
    };
  const err = snap.lastError ?? {};
  return { reason: failureReason(err), declineCode: err.declineCode ?? null, message: err.message ?? null };
}

/** A decline Stripe answered without an intent (rare: the create itself was refused). */
export function recordDecline(
  p: PaymentState,
  err: { code?: string | null; declineCode?: string | null; message?: string | null },
  at: Date,
): PaymentEvent[] {
  const reason = failureReason(err);
  if (!move(p, 'failed', at, 'command', `declined: ${reason}`)) return [];
  p.failure = { reason, declineCode: err.declineCode ?? null, message: err.message ?? null };
  return [
    {
      type: 'payment.failed',
      payload: {
        orderId: p.orderId,
        reason,
        ...(err.declineCode ? { declineCode: err.declineCode } : {}),
        ...(err.message ? { message: err.message.slice(0, 500) } : {}),
      },
    },
  ];
}
