import { insertUnlessPresent } from '@commerce-sync/service-kit';
import { Conflict, NotFound, ValidationFailed } from '@commerce-sync/errors';
import type { RequestHandler, Router } from 'express';
import type { Model } from 'mongoose';
import { z } from 'zod';
import type { IntentRefs } from '../adapters/intent-refs.ts';
import type { PaymentDoc } from '../adapters/payment-model.ts';
import type { PendingStripeEventModel, StripeEventDoc } from '../adapters/stripe-event-model.ts';
import { toDisputeView, toStripeEventView } from './payment-views.ts';

/** Outcomes a person has to look at: an event that failed 10 times, or names no payment we know. */
const NEEDS_LOOK = ['failed', 'unmatched'] as const;

export const EventsQuery = z.object({
  outcome: z.enum(NEEDS_LOOK).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});
export const Limit = z.object({ limit: z.coerce.number().int().min(1).max(100).default(50) });

function parse<T extends z.ZodType>(schema: T, value: unknown): z.output<T> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  throw new ValidationFailed('invalid query', {
    fields: r.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message })),
  });
}

/**
 * Operator routes (admin JWT): the webhook events that went wrong, a way to process one
 * again once its cause is fixed (e.g. the payment record now exists), and the disputes.
 */
export function paymentAdminRoutes(
  r: Router,
  deps: {
    events: Model<StripeEventDoc>;
    pending: PendingStripeEventModel;
    payments: Model<PaymentDoc>;
    intents: Pick<IntentRefs, 'forget'>;
    requireAdmin: RequestHandler;
    onRequeued: (event: StripeEventDoc) => Promise<void>;
  },
): void {
  const { events, payments, requireAdmin } = deps;
  r.get('/admin/stripe-events', requireAdmin, async (req, res) => {
    const q = parse(EventsQuery, req.query);
    const docs = await events
      .find({ outcome: q.outcome ?? { $in: NEEDS_LOOK } }, { object: 0 })
      .sort({ receivedAt: -1 })
      .limit(q.limit)
      .lean<StripeEventDoc[]>()
      .exec();
    res.json({ items: docs.map(toStripeEventView) });
  });

  r.post('/admin/stripe-events/:id/retry', requireAdmin, async (req, res) => {
    const id = String(req.params.id);
    const updated = await events
      .findOneAndUpdate(
        { _id: id, outcome: { $in: NEEDS_LOOK } },
        { $set: { outcome: 'pending', attempts: 0, detail: null } },
        { returnDocument: 'after' },
      )
      .lean<StripeEventDoc>()
      .exec();
    if (!updated) {
      const exists = await events.exists({ _id: id });
      if (!exists) throw new NotFound(`no stripe event ${id}`);
      throw new Conflict(`stripe event ${id} is neither failed nor unmatched`);
    }
    // An intent without our metadata was found (or not) once and remembered: look again.
    if (updated.intentId && !updated.orderId) await deps.intents.forget(updated.intentId);
    // The marker first: should processing die, the recovery pass finds the event.
    await insertUnlessPresent(deps.pending.collection, { _id: id, receivedAt: new Date() });
    void deps.onRequeued(updated);
    res.json(toStripeEventView(updated));
  });

  r.get('/admin/disputes', requireAdmin, async (req, res) => {
    const q = parse(Limit, req.query);
    const docs = await payments
      .find({ dispute: { $ne: null } }, { _id: 1, status: 1, intentId: 1, dispute: 1, updatedAt: 1 })
      .sort({ updatedAt: -1 })
      .limit(q.limit)
      .lean<PaymentDoc[]>()
      .exec();
    res.json({ items: docs.map(toDisputeView) });
  });
}
