import type { AggregateStore, OutgoingMessage } from '@commerce-sync/messaging';
import { type Logger, metricsRegistry } from '@commerce-sync/telemetry';
import { Counter } from 'prom-client';
import type { IntentRefs } from '../adapters/intent-refs.ts';
import { paymentWhere } from './deps.ts';
import type { PaymentDoc } from '../adapters/payment-model.ts';
import type { EventOutcome, StripeEventDoc } from '../adapters/stripe-event-model.ts';
import type { StripeGateway } from '../adapters/stripe-gateway.ts';
import { toSnapshot } from '../adapters/stripe-gateway.ts';
import type { PaymentState } from '../domain/payment.ts';
import { reconcile } from '../domain/reconcile.ts';
import { recordDispute, recordRefund } from '../domain/refunds.ts';
import { asState } from './deps.ts';

const INTENT_EVENTS = [
  'payment_intent.succeeded',
  'payment_intent.payment_failed',
  'payment_intent.canceled',
  'payment_intent.amount_capturable_updated',
  'payment_intent.requires_action',
];
/** Every event type that can change a payment; the webhook stores no other. */
export const HANDLED_EVENTS: ReadonlySet<string> = new Set([
  ...INTENT_EVENTS,
  'charge.refunded',
  'charge.dispute.created',
]);

const lookups = new Counter({
  name: 'payments_stripe_event_lookups_total',
  help: 'Payments looked up for a Stripe event: by the order id in the intent metadata; without it, by the remembered answer for the intent (intent_ref) or, the first time, by a scan on the intent id (intent_scan)',
  labelNames: ['by'] as const,
  registers: [metricsRegistry],
});
const skipped = new Counter({
  name: 'payments_stripe_events_unchanged_total',
  help: 'Stripe events that changed nothing on their payment (no write)',
  registers: [metricsRegistry],
});
const disputes = new Counter({
  name: 'payments_disputes_total',
  help: 'Chargebacks recorded on a payment (GET /admin/disputes); each needs an answer in Stripe',
  registers: [metricsRegistry],
});

export interface ApplyEventDeps {
  payments: AggregateStore<PaymentDoc>;
  /** Intent id → order, for intents without our metadata (see intent-refs.ts). */
  intents: Pick<IntentRefs, 'lookup' | 'remember'>;
  stripe: StripeGateway;
  clock: () => Date;
  onActionRequired: 'fail' | 'wait';
  logger: Logger;
}

export type ApplyOutcome = { outcome: EventOutcome; detail?: string; missing?: boolean };

/**
 * The payment an event is about. Our intents carry `metadata.order_id` (= the payment's
 * `_id`): one `_id` read. An intent without it (not created by us) is looked up on the intent
 * id: the first event of that intent scans the payments (counted), and the answer, found or
 * not, is remembered by intent id, so its later events read one `_id`.
 */
async function paymentOf(deps: ApplyEventDeps, event: StripeEventDoc): Promise<PaymentDoc | null> {
  if (!event.intentId) return null;
  const model = deps.payments.model;
  // A record naming another intent (or none) is not this intent's payment. The copy this
  // process wrote serves when it names the intent; else the store may know better.
  const names = (p: PaymentDoc | null) => p?.intentId === event.intentId;
  const named = async (orderId: string) => {
    const p = await paymentWhere(deps.payments, orderId, names);
    return names(p) ? p : null;
  };
  if (event.orderId) {
    lookups.inc({ by: 'order_id' });
    return named(event.orderId);
  }
  const ref = await deps.intents.lookup(event.intentId);
  if (ref) {
    lookups.inc({ by: 'intent_ref' });
    return ref.orderId ? named(ref.orderId) : null;
  }
  lookups.inc({ by: 'intent_scan' });
  const found = await model.findOne({ intentId: event.intentId }).lean<PaymentDoc>().exec();
  await deps.intents.remember(event.intentId, found?._id ?? null);
  return found;
}

/**
 * Applies one recorded Stripe event to its payment under the key `stripe-event:<id>`.
 * A dry run on the record just read decides first: an event that changes nothing (the usual
 * case: the command's answer already recorded the fact) is not written at all. That is safe
 * for dedup because moves only go forward: a replay of the same event against a later state
 * changes nothing either, except a report Stripe made that the state could not take yet
 * (succeeded while action_required), which is then true and forward, as reconciliation would.
 */
export function createStripeEventApplier(deps: ApplyEventDeps) {
  return async function applyStripeEvent(event: StripeEventDoc): Promise<ApplyOutcome> {
    const obj = JSON.parse(event.object) as Record<string, unknown>;
    const isIntent = INTENT_EVENTS.includes(event.type);
    if (!HANDLED_EVENTS.has(event.type)) return { outcome: 'ignored' };
    const payment = await paymentOf(deps, event);
    if (!payment)
      return {
        outcome: 'unmatched',
        detail: `no payment for intent ${event.intentId ?? '-'}`,
        missing: true,
      };
    const refunds =
      event.type === 'charge.refunded' && event.intentId ? await deps.stripe.listRefunds(event.intentId) : [];
    const at = deps.clock();
    let newDispute = false;
    const step = (p: PaymentState): OutgoingMessage[] => {
      if (isIntent)
        return reconcile(p, toSnapshot(obj as never), {
          at,
          source: 'webhook',
          onActionRequired: deps.onActionRequired,
        }) as OutgoingMessage[];
      if (event.type === 'charge.dispute.created') {
        const dispute = { id: String(obj.id), reason: String(obj.reason ?? 'unknown') };
        newDispute = recordDispute(p, { ...dispute, amountMinor: Number(obj.amount ?? 0) }, at);
        return [];
      }
      return refunds.flatMap((r) => recordRefund(p, r, at, 'webhook')) as OutgoingMessage[];
    };
    if (!changes(payment, step)) {
      skipped.inc();
      return { outcome: 'processed', detail: 'no change' };
    }
    newDispute = false; // set by the dry run; the write decides
    await deps.payments.apply(payment._id, {
      key: `stripe-event:${event._id}`,
      defaults: { causationId: event._id },
      mutate: (d) => {
        const p = asState(d);
        p.updatedAt = at;
        return step(p);
      },
    });
    if (newDispute) {
      disputes.inc();
      deps.logger.warn({ orderId: payment._id, disputeId: obj.id }, 'payment disputed');
    }
    return { outcome: 'processed' };
  };
}

/** Whether `step` would change the record or emit anything, tried on a copy. */
function changes(payment: PaymentDoc, step: (p: PaymentState) => OutgoingMessage[]): boolean {
  const copy = structuredClone(payment);
  const before = JSON.stringify(copy);
  return step(asState(copy)).length > 0 || JSON.stringify(copy) !== before;
}
