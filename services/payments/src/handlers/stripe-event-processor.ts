import type { AggregateStore, OutgoingMessage } from '@commerce-sync/messaging';
import { type Logger, metricsRegistry } from '@commerce-sync/telemetry';
import type { Model } from 'mongoose';
import { Counter } from 'prom-client';
import type { PaymentDoc } from '../adapters/payment-model.ts';
import type { EventOutcome, StripeEventDoc } from '../adapters/stripe-event-model.ts';
import type { StripeGateway } from '../adapters/stripe-gateway.ts';
import { toSnapshot } from '../adapters/stripe-gateway.ts';
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

// failed and unmatched need a person (GET /admin/stripe-events); alerts watch their increase.
const outcomes = new Counter({
  name: 'payments_stripe_events_total',
  help: 'Stripe webhook events settled, by outcome (processed, ignored, unmatched, failed)',
  labelNames: ['outcome'] as const,
  registers: [metricsRegistry],
});
const disputes = new Counter({
  name: 'payments_disputes_total',
  help: 'Chargebacks recorded on a payment (GET /admin/disputes); each needs an answer in Stripe',
  registers: [metricsRegistry],
});

export interface ProcessorDeps {
  events: Model<StripeEventDoc>;
  payments: AggregateStore<PaymentDoc>;
  stripe: StripeGateway;
  clock: () => Date;
  onActionRequired: 'fail' | 'wait';
  logger: Logger;
  pollMs?: number;
}

/**
 * Applies recorded Stripe events to payments, oldest first, one claim at a time (lease, so
 * replicas share the work and a crash only delays). The aggregate write is keyed by the
 * event id: processing an event twice changes nothing twice.
 */
export function createStripeEventProcessor(deps: ProcessorDeps) {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let stopped = false;
  let again = false;

  async function claim(): Promise<StripeEventDoc | null> {
    const now = deps.clock();
    return deps.events
      .findOneAndUpdate(
        {
          $or: [
            { outcome: 'pending', leaseUntil: null },
            { outcome: 'pending', leaseUntil: { $lt: now } },
          ],
        },
        { $set: { leaseUntil: new Date(now.getTime() + 30_000) }, $inc: { attempts: 1 } },
        { sort: { receivedAt: 1 }, returnDocument: 'after' },
      )
      .lean<StripeEventDoc>()
      .exec();
  }

  async function apply(event: StripeEventDoc): Promise<{ outcome: EventOutcome; detail?: string }> {
    const obj = JSON.parse(event.object) as Record<string, unknown>;
    const isIntent = INTENT_EVENTS.includes(event.type);
    if (!isIntent && event.type !== 'charge.refunded' && event.type !== 'charge.dispute.created')
      return { outcome: 'ignored' };
    const payment = event.intentId
      ? await deps.payments.model.findOne({ intentId: event.intentId }).lean<PaymentDoc>().exec()
      : null;
    if (!payment) return { outcome: 'unmatched', detail: `no payment for intent ${event.intentId ?? '-'}` };
    const refunds =
      event.type === 'charge.refunded' && event.intentId ? await deps.stripe.listRefunds(event.intentId) : [];
    const at = deps.clock();
    let newDispute = false;
    await deps.payments.apply(payment._id, {
      key: `stripe-event:${event._id}`,
      defaults: { causationId: event._id },
      mutate: (d) => {
        const p = asState(d);
        p.updatedAt = at;
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
      },
    });
    if (newDispute) {
      disputes.inc();
      deps.logger.warn({ orderId: payment._id, disputeId: obj.id }, 'payment disputed');
    }
    return { outcome: 'processed' };
  }

  async function drain(): Promise<void> {
    for (let event = await claim(); event && !stopped; event = await claim()) {
      try {
        const { outcome, detail } = await apply(event);
        await deps.events.updateOne(
          { _id: event._id },
          { $set: { outcome, detail: detail ?? null, leaseUntil: null } },
        );
        outcomes.inc({ outcome });
        if (outcome === 'unmatched')
          deps.logger.warn({ eventId: event._id, type: event.type }, 'stripe event for an unknown intent');
      } catch (err) {
        // Left pending with its lease: picked up again once the lease runs out.
        deps.logger.error({ eventId: event._id, err }, 'stripe event processing failed');
        if (event.attempts >= 10) {
          await deps.events.updateOne(
            { _id: event._id },
            { $set: { outcome: 'failed', detail: String((err as Error).message).slice(0, 300) } },
          );
          outcomes.inc({ outcome: 'failed' });
        }
      }
    }
  }

  const kick = (): void => {
    if (stopped) return;
    if (running) {
      again = true; // an event recorded during the last claim must not wait for the poll
      return;
    }
    running = drain().finally(() => {
      running = undefined;
      if (again) {
        again = false;
        kick();
      }
    });
  };

  return {
    kick,
    start() {
      stopped = false;
      timer = setInterval(kick, deps.pollMs ?? 1000);
      kick();
    },
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
