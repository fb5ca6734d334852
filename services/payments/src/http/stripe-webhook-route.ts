import { insertUnlessPresent } from '@commerce-sync/service-kit';
import { PROBLEM_CONTENT_TYPE, problemType, SignatureInvalid } from '@commerce-sync/errors';
import type { Logger } from '@commerce-sync/telemetry';
import type { Request, RequestHandler } from 'express';
import type Stripe from 'stripe';
import { HANDLED_EVENTS } from '../handlers/apply-stripe-event.ts';
import type {
  PendingStripeEventModel,
  StripeEventDoc,
  StripeEventModel,
} from '../adapters/stripe-event-model.ts';

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
 * `duplicate`) and its pending marker, answer 200, then hand the event to `onRecorded`, which
 * processes it outside the request. A crash after the event and before its marker answers no
 * 200: Stripe's retry finds the event still pending and writes the marker then.
 */
export function stripeWebhookRoute(deps: {
  events: StripeEventModel;
  pending: PendingStripeEventModel;
  verify: (raw: Buffer, signature: string) => Stripe.Event;
  onRecorded: (event: StripeEventDoc) => void;
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
      await markIfStillPending(deps, doc._id);
      res.json({ received: true, duplicate: true });
      return;
    }
    await insertUnlessPresent(deps.pending.collection, { _id: doc._id, receivedAt: doc.receivedAt });
    deps.logger.info(
      { eventId: event.id, type: event.type, intentId: doc.intentId },
      'stripe event recorded',
    );
    res.json({ received: true });
    setImmediate(() => deps.onRecorded(doc));
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

/**
 * A repeat of an event still pending may follow a crash between the event and its marker:
 * write the marker (a no-op when it is there) and let the processor have it.
 */
async function markIfStillPending(
  deps: {
    events: StripeEventModel;
    pending: PendingStripeEventModel;
    onRecorded: (e: StripeEventDoc) => void;
  },
  id: string,
): Promise<void> {
  const stored = await deps.events.findById(id).lean<StripeEventDoc>().exec();
  if (stored?.outcome !== 'pending') return;
  if (await insertUnlessPresent(deps.pending.collection, { _id: id, receivedAt: stored.receivedAt }))
    setImmediate(() => deps.onRecorded(stored));
}
