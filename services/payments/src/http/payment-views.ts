import { z } from 'zod';
import type { PaymentDoc } from '../adapters/payment-model.ts';
import type { StripeEventDoc } from '../adapters/stripe-event-model.ts';
import { PaymentStatuses } from '../domain/payment.ts';

// What the routes answer, as zod schemas: the OpenAPI document's response schemas, and the
// types the view functions below must return, so a field added to one shows in the other.

const iso = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString() : null);
const Status = z.enum(PaymentStatuses);
const Dispute = z.object({ id: z.string(), reason: z.string(), amountMinor: z.number().int() });

/** GET /payments/:orderId: the local record (no card data is kept). */
export const PaymentView = z
  .object({
    orderId: z.string(),
    status: Status,
    intentId: z.string().nullable(),
    amountMinor: z.number().int(),
    currency: z.string(),
    capturedMinor: z.number().int(),
    refundedMinor: z.number().int(),
    refunds: z.array(
      z.object({ id: z.string(), amountMinor: z.number().int(), messageId: z.string().optional() }),
    ),
    failure: z
      .object({ reason: z.string(), declineCode: z.string().nullish(), message: z.string().nullish() })
      .nullable(),
    dispute: Dispute.nullable(),
    authorizedAt: z.iso.datetime().nullable(),
    updatedAt: z.iso.datetime().nullable(),
    history: z.array(
      z.object({
        at: z.iso.datetime().nullable(),
        from: Status,
        to: Status,
        source: z.enum(['command', 'webhook', 'reconcile']),
        detail: z.string().optional(),
      }),
    ),
    pendingEvents: z.number().int().meta({ description: 'events in the outbox, not yet published' }),
  })
  .meta({ id: 'Payment' });

export function toPaymentView(p: PaymentDoc): z.infer<typeof PaymentView> {
  return {
    orderId: p._id,
    status: p.status,
    intentId: p.intentId ?? null,
    amountMinor: p.amountMinor,
    currency: p.currency,
    capturedMinor: p.capturedMinor,
    refundedMinor: p.refundedMinor,
    refunds: p.refunds.map((r) => ({
      id: r.id,
      amountMinor: r.amountMinor,
      ...(r.messageId ? { messageId: r.messageId } : {}),
    })),
    failure: p.failure ?? null,
    dispute: p.dispute ?? null,
    authorizedAt: iso(p.authorizedAt),
    updatedAt: iso(p.updatedAt),
    history: p.history.map((h) => ({ ...h, at: iso(h.at) })),
    pendingEvents: (p as unknown as { outbox?: unknown[] }).outbox?.length ?? 0,
  };
}

/** A webhook event as operators read it (its `data.object` is left out). */
export const StripeEventView = z
  .object({
    id: z.string(),
    type: z.string(),
    intentId: z.string().nullable(),
    orderId: z.string().nullable(),
    outcome: z.string(),
    detail: z.string().nullable(),
    attempts: z.number().int(),
    receivedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'StripeEvent' });
export const StripeEventList = z.object({ items: z.array(StripeEventView) });

export const toStripeEventView = (e: StripeEventDoc): z.infer<typeof StripeEventView> => ({
  id: e._id,
  type: e.type,
  intentId: e.intentId,
  orderId: e.orderId,
  outcome: e.outcome,
  detail: e.detail ?? null,
  attempts: e.attempts,
  receivedAt: iso(e.receivedAt),
});

export const DisputeList = z.object({
  items: z.array(
    z.object({
      orderId: z.string(),
      status: Status,
      intentId: z.string().nullable(),
      dispute: Dispute,
      updatedAt: z.iso.datetime().nullable(),
    }),
  ),
});

export const toDisputeView = (p: PaymentDoc): z.infer<typeof DisputeList>['items'][number] => ({
  orderId: p._id,
  status: p.status,
  intentId: p.intentId ?? null,
  dispute: p.dispute as NonNullable<PaymentDoc['dispute']>,
  updatedAt: iso(p.updatedAt),
});
