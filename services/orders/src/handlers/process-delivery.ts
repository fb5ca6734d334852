import type { Delivery, DeliveryModel, PendingDeliveryModel } from '../adapters/delivery-model.ts';
import type { SagaEvent } from '../domain/saga-event.ts';
import { orderFromShopify, ShopifyOrderPayload } from '../domain/shopify-order.ts';
import { applySagaEvent, type SagaDeps } from './apply-saga-event.ts';

/** After this many failed attempts a delivery is left for an operator (lastError says why). */
export const MAX_DELIVERY_ATTEMPTS = 10;

/**
 * Turns a recorded Shopify delivery into a saga step. orders/create starts the saga (or
 * parks an order without payment details); orders/cancelled asks for cancellation and,
 * arriving before its create, records the order as cancelled from its own payload.
 */
export function createDeliveryProcessor(
  deps: SagaDeps & {
    deliveries: DeliveryModel;
    pendingDeliveries: PendingDeliveryModel;
    logger: { warn(o: object, m?: string): void };
  },
) {
  return async function processDelivery(d: Delivery): Promise<void> {
    try {
      const payload = ShopifyOrderPayload.parse(JSON.parse(d.body));
      const fresh = orderFromShopify(d.shop, payload, d.receivedAt);
      const event: SagaEvent =
        d.topic === 'orders/cancelled'
          ? { type: 'cancel.requested', by: 'customer' }
          : fresh.paymentMethod
            ? { type: 'order.placed' }
            : { type: 'order.unpayable', reason: 'missing_payment_method' };
      const cause = `shopify-webhook:${d._id}`;
      await applySagaEvent(deps, fresh._id, event, { cause, key: cause, create: () => fresh });
      await deps.deliveries.updateOne(
        { _id: d._id },
        { $set: { processedAt: new Date() }, $inc: { attempts: 1 } },
      );
      await deps.pendingDeliveries.deleteOne({ _id: d._id });
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      deps.logger.warn(
        { deliveryId: d._id, topic: d.topic, err: message },
        'shopify delivery processing failed',
      );
      await deps.deliveries.updateOne(
        { _id: d._id },
        { $set: { lastError: message.slice(0, 500) }, $inc: { attempts: 1 } },
      );
      // Given up: the delivery keeps lastError for an operator, the sweeper stops trying.
      if (d.attempts + 1 >= MAX_DELIVERY_ATTEMPTS) await deps.pendingDeliveries.deleteOne({ _id: d._id });
    }
  };
}

/**
 * Deliveries recorded but not processed (crash between 200 and processing, or a failure),
 * read through the pending markers by `_id`; markers of processed or missing deliveries go.
 */
export async function unprocessedDeliveries(
  deps: { deliveries: DeliveryModel; pendingDeliveries: PendingDeliveryModel },
  olderThan: Date,
  limit = 100,
): Promise<Delivery[]> {
  const markers = await deps.pendingDeliveries
    .find({ receivedAt: { $lt: olderThan } }, { _id: 1 })
    .limit(limit)
    .lean();
  const due: Delivery[] = [];
  for (const { _id } of markers) {
    const d = await deps.deliveries.findById(_id).lean<Delivery>();
    if (d && d.processedAt === null && d.attempts < MAX_DELIVERY_ATTEMPTS) due.push(d);
    else await deps.pendingDeliveries.deleteOne({ _id });
  }
  return due.sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime());
}
