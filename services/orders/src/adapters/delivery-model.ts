import { type Connection, type Model, Schema } from 'mongoose';

/** One Shopify webhook delivery, recorded before we answer 200 and processed afterwards. */
export interface Delivery {
  /** X-Shopify-Webhook-Id: the dedup key (retries of one delivery reuse it). */
  _id: string;
  topic: string;
  shop: string;
  /** The raw body as received (already verified and validated). */
  body: string;
  traceparent?: string;
  receivedAt: Date;
  /** Recorded and not processed, and why (its shop had uninstalled the app). */
  skipped?: string;
}

const DeliverySchema = new Schema<Delivery>(
  {
    _id: { type: String, required: true },
    topic: { type: String, required: true },
    shop: { type: String, required: true },
    body: { type: String, required: true },
    traceparent: String,
    receivedAt: { type: Date, required: true },
    skipped: String,
  },
  { versionKey: false },
);

/**
 * A delivery not yet processed, `_id` = the webhook id; its absence means processed.
 * Deliveries stay for dedup long after they are processed; the sweeper's query for the
 * unprocessed ones (by age) can be served by no index on the local store, so the processing
 * state lives in this small collection, which the sweeper reads whole.
 * The webhook answers after this one insert, which carries the delivery itself; processing
 * records the delivery in `shopify_deliveries`, then deletes the marker; a marker is kept
 * with `lastError` once given up (for an operator). Markers written before the delivery
 * travelled with them carry no body: the sweeper reads it from the delivery.
 */
export interface PendingDelivery extends Partial<Omit<Delivery, '_id' | 'receivedAt'>> {
  _id: string;
  receivedAt: Date;
  attempts?: number;
  lastError?: string;
}

const PendingDeliverySchema = new Schema<PendingDelivery>(
  {
    _id: { type: String, required: true },
    receivedAt: { type: Date, required: true },
    topic: String,
    shop: String,
    body: String,
    traceparent: String,
    attempts: Number,
    lastError: String,
  },
  { versionKey: false },
);

export function deliveryModel(connection: Connection): Model<Delivery> {
  return (
    (connection.models.ShopifyDelivery as Model<Delivery> | undefined) ??
    connection.model<Delivery>('ShopifyDelivery', DeliverySchema, 'shopify_deliveries')
  );
}
export type DeliveryModel = ReturnType<typeof deliveryModel>;

export function pendingDeliveryModel(connection: Connection): Model<PendingDelivery> {
  return (
    (connection.models.PendingShopifyDelivery as Model<PendingDelivery> | undefined) ??
    connection.model<PendingDelivery>(
      'PendingShopifyDelivery',
      PendingDeliverySchema,
      'shopify_deliveries_pending',
    )
  );
}
export type PendingDeliveryModel = ReturnType<typeof pendingDeliveryModel>;
