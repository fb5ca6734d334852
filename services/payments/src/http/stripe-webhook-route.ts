import { insertUnlessPresent } from '@commerce-sync/service-kit';
import { PROBLEM_CONTENT_TYPE, problemType, SignatureInvalid } from '@commerce-sync/errors';
import type { Logger } from '@commerce-sync/telemetry';
import type { Request, RequestHandler } from 'express';
import type Stripe from 'stripe';
import { HANDLED_EVENTS } from '../handlers/apply-stripe-event.ts';
import type { StripeEventDoc, StripeEventModel } from '../adapters/stripe-event-model.ts';

type Loose = Record<string, unknown>;
const str = (v: unknown) => (typeof v === 'string' ? v : null);

/**
 * Only what reconciliation needs of `data.object`: charges carry billing details (names,
 * e-mails, addresses) that must not be stored here.
 */
export function trimObject(obj: Loose): Loose {
  const metadata = obj.metadata as Loose | undefined;
  const err = obj.last_payment_error as Loose | null | undefined;
  const pick = (keys: string[]) => Object.fromEntries(keys.filter((k) => k in obj).map((k) => [k, obj[k]]));
  return {
    ...pick([
      'id',
      'object',
      'status',
      'amount',
      'amount_capturable',
      'amount_received',
      'amount_captured',
      'amount_refunded',
      'currency',
      'created',
      'cancellation_reason',
      'payment_intent',
      'charge',
      'reason',
    ]),
    ...(metadata?.order_id ? { metadata: { order_id: metadata.order_id } } : {}),
    ...(err
      ? {
          last_payment_error: {
            code: err.code ?? null,
            decline_code: err.decline_code ?? null,
            message: err.message ?? null,
          },
        }
      : {}),
  };
}

/**
 * POST /webhooks/stripe: verify the signature over the raw bytes (400 otherwise, as Stripe
 * expects), record the event once by its id (the insert is the claim: a repeat is answered
 * `duplicate`), have it settled by `settle` (applied, its outcome recorded, or marked for a
 * later look) and only then answer 200. A crash or a store error before that answers no 200:
 * Stripe retries, and the retry finds the event still pending and settles it.
 */
export function stripeWebhookRoute(deps: {
  events: StripeEventModel;
  verify: (raw: Buffer, signature: string) => Stripe.Event;
  /** Settles an event just recorded (no marker stands for it). */
  settle: (event: StripeEventDoc) => Promise<void>;
  /** Settles a repeat of an event still pending (a marker may stand for it). */
  settleRepeat: (event: StripeEventDoc) => Promise<void>;
  onIgnored?: (type: string) => void;
  logger: Logger;
}): RequestHandler {
  return async (req: Request & { rawBody?: Buffer }, res) => {
    let event: Stripe.Event;
    try {
      event = deps.verify(req.rawBody ?? Buffer.alloc(0), req.get('stripe-signature') ?? '');
    } catch {
      const err = new SignatureInvalid('Stripe-Signature does not match the body');
      // 400, not the catalogue's 401: Stripe's guidance for a webhook it must not retry as-is.
      res.status(400).type(PROBLEM_CONTENT_TYPE);
      res.send(
        JSON.stringify({
          type: problemType(err.code),
          title: err.title,
          status: 400,
          code: err.code,
          detail: err.message,
        }),
      );
      return;
    }
    // A type nothing here acts on (payment_intent.created, one per order) is not worth four
    // writes: answered, counted, not stored.
    if (!HANDLED_EVENTS.has(event.type)) {
      deps.onIgnored?.(event.type);
      res.json({ received: true, ignored: true });
      return;
    }
    const doc = stripeEventRecord(event);
    if (!(await insertUnlessPresent(deps.events.collection, doc))) {
      const stored = await deps.events.findById(doc._id).lean<StripeEventDoc>().exec();
      if (stored?.outcome === 'pending') await deps.settleRepeat(stored);
      res.json({ received: true, duplicate: true });
      return;
    }
    deps.logger.debug(
      { eventId: event.id, type: event.type, intentId: doc.intentId },
      'stripe event recorded',
    );
    await deps.settle(doc);
    res.json({ received: true });
  };
}

/** The stored form of a verified event, pending. */
export function stripeEventRecord(event: Stripe.Event): StripeEventDoc {
  const obj = event.data.object as unknown as Loose;
  return {
    _id: event.id,
    type: event.type,
    object: JSON.stringify(trimObject(obj)),
    objectId: str(obj.id),
    intentId: str(obj.object) === 'payment_intent' ? str(obj.id) : str(obj.payment_intent),
    orderId: str((obj.metadata as Loose | undefined)?.order_id),
    createdAt: new Date(event.created * 1000),
    receivedAt: new Date(),
    outcome: 'pending',
    detail: null,
    attempts: 0,
  };
}
