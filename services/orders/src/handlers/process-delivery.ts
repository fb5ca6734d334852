import { insertUnlessPresent } from '@commerce-sync/service-kit';
import type {
  Delivery,
  DeliveryModel,
  PendingDelivery,
  PendingDeliveryModel,
} from '../adapters/delivery-model.ts';
import { deliveriesAbandoned } from '../adapters/operator-metrics.ts';
import type { SagaEvent } from '../domain/saga-event.ts';
import { orderFromShopify, ShopifyOrderPayload } from '../domain/shopify-order.ts';
import { applySagaEvent, type SagaDeps } from './apply-saga-event.ts';

/** After this many failed attempts a delivery is left for an operator (its marker's lastError says why). */
export const MAX_DELIVERY_ATTEMPTS = 10;

/** What became of a delivery received by the webhook. */
export type Received = 'processed' | 'duplicate' | 'failed';

/**
 * Turns a Shopify delivery into a saga step. orders/create starts the saga (or parks an
 * order without payment details); orders/cancelled asks for cancellation and, arriving
 * before its create, records the order as cancelled from its own payload.
 *
 * `receive` runs in the webhook's request: the saga step (keyed by the webhook id in the
 * order) before the answer, one write; the delivery's audit record after it. A crash before
 * the answer leaves no 200, and Shopify's retry lands on the same key. A step that fails leaves
 * a marker carrying the delivery for the sweeper. `processMarked` is the sweeper's and the
 * operator's way in, for a delivery behind a marker: it deletes the marker once done.
 */
export function createDeliveryProcessor(
  deps: SagaDeps & {
    deliveries: DeliveryModel;
    pendingDeliveries: PendingDeliveryModel;
    logger: { warn(o: object, m?: string): void };
  },
) {
  async function step(d: Delivery): Promise<boolean> {
    const payload = ShopifyOrderPayload.parse(JSON.parse(d.body));
    const fresh = orderFromShopify(d.shop, payload, d.receivedAt);
    const event: SagaEvent =
      d.topic === 'orders/cancelled'
        ? { type: 'cancel.requested', by: 'customer' }
        : fresh.paymentMethod
          ? { type: 'order.placed' }
          : { type: 'order.unpayable', reason: 'missing_payment_method' };
    const cause = `shopify-webhook:${d._id}`;
    const { applied } = await applySagaEvent(deps, fresh._id, event, {
      cause,
      key: cause,
      create: () => fresh,
      // A create is (nearly always) the order's first word: insert without reading.
      likelyNew: d.topic === 'orders/create',
    });
    return applied;
  }

  /** The lasting record of the delivery (audit; the order keeps the webhook id for dedup). */
  async function record(d: Delivery): Promise<void> {
    const { _id, topic, shop, body, receivedAt, traceparent } = d;
    const row = { _id, topic, shop, body, receivedAt, ...(traceparent ? { traceparent } : {}) };
    await insertUnlessPresent(deps.deliveries.collection, row);
  }

  /** Counts a failed attempt on the delivery's marker, writing the marker if there is none. */
  async function failed(d: Delivery, err: unknown): Promise<void> {
    const message = err instanceof Error ? err.message : String(err);
    deps.logger.warn(
      { deliveryId: d._id, topic: d.topic, err: message },
      'shopify delivery processing failed',
    );
    const { _id, ...carried } = d;
    const marker = await deps.pendingDeliveries
      .findOneAndUpdate(
        { _id },
        { $set: { lastError: message.slice(0, 500) }, $inc: { attempts: 1 }, $setOnInsert: carried },
        { returnDocument: 'after', upsert: true },
      )
      .lean();
    if ((marker?.attempts ?? 0) === MAX_DELIVERY_ATTEMPTS) {
      deliveriesAbandoned.inc({ topic: d.topic });
      deps.logger.warn(
        { deliveryId: d._id, topic: d.topic, attempts: MAX_DELIVERY_ATTEMPTS },
        'shopify delivery abandoned: retry it with POST /admin/shopify-deliveries/:id/retry',
      );
    }
  }

  return {
    /**
     * A delivery just received: applied now, or marked for the sweeper when that fails.
     * Rejects only when neither could be written (the webhook answers 5xx; Shopify retries).
     */
    async receive(d: Delivery): Promise<Received> {
      let applied: boolean;
      try {
        applied = await step(d);
      } catch (err) {
        await failed(d, err);
        return 'failed';
      }
      // The answer need not wait for the audit row: a crash before it loses the row only.
      record(d).catch((err: unknown) =>
        deps.logger.warn({ deliveryId: d._id, err: String(err) }, 'shopify delivery record not written'),
      );
      return applied ? 'processed' : 'duplicate';
    },
    /** A delivery behind a marker (the sweeper, an operator's retry). */
    async processMarked(d: Delivery): Promise<void> {
      try {
        await step(d);
        await record(d);
        await deps.pendingDeliveries.deleteOne({ _id: d._id });
      } catch (err) {
        await failed(d, err);
      }
    },
  };
}

export type DeliveryProcessor = ReturnType<typeof createDeliveryProcessor>;

/**
 * Deliveries recorded but not processed (crash between 200 and processing, or a failure),
 * read through their markers, the oldest first; a marker without its delivery goes. Each
 * marker carries its webhook body, so the server filters, sorts and limits: a backlog (an
 * outage, a flood of retries) costs one batch of memory, not the whole backlog. Markers given
 * up (attempts reached) stay for an operator and are left out by the filter, so they never
 * take a batch's place.
 */
export async function unprocessedDeliveries(
  deps: { deliveries: DeliveryModel; pendingDeliveries: PendingDeliveryModel },
  olderThan: Date,
  limit = 100,
): Promise<Delivery[]> {
  const due = await deps.pendingDeliveries
    .find({ receivedAt: { $lt: olderThan }, attempts: { $not: { $gte: MAX_DELIVERY_ATTEMPTS } } })
    .sort({ receivedAt: 1 })
    .limit(limit)
    .lean();
  const found: Delivery[] = [];
  for (const marker of due) {
    const d = await recordedDelivery(deps, marker);
    if (d) found.push(d);
    // No delivery: the webhook failed between its two writes (a marker of the earlier form,
    // written before its delivery), and Shopify retried or will retry it.
    else await deps.pendingDeliveries.deleteOne({ _id: marker._id });
  }
  return found;
}

/**
 * The delivery behind a marker: carried by the marker itself, or for a marker of the earlier
 * form (written before its delivery, without a body) read from the deliveries by `_id`.
 */
export async function recordedDelivery(
  deps: { deliveries: DeliveryModel },
  marker: PendingDelivery,
): Promise<Delivery | null> {
  const { _id, topic, shop, body, receivedAt, traceparent } = marker;
  if (topic && shop && body)
    return { _id, topic, shop, body, receivedAt, ...(traceparent ? { traceparent } : {}) };
  return deps.deliveries.findById(_id).lean<Delivery>();
}
