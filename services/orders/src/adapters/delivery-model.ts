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
  processedAt: Date | null;
  attempts: number;
  lastError?: string;
}

const DeliverySchema = new Schema<Delivery>(
  {
    _id: { type: String, required: true },
    topic: { type: String, required: true },
    shop: { type: String, required: true },
    body: { type: String, required: true },
    traceparent: String,
    receivedAt: { type: Date, required: true },
    processedAt: { type: Date, default: null },
    attempts: { type: Number, default: 0 },
    lastError: String,
  },
  { versionKey: false },
);

/**
 * A delivery still to process, `_id` = the webhook id. Deliveries stay for dedup long after
 * they are processed, and FerretDB scans a whole collection for `processedAt: null`, so the
 * sweeper reads these few markers instead. Written before the delivery (a marker without a
 * delivery is dropped by the sweeper), deleted once the delivery is processed or given up.
 */
export interface PendingDelivery {
  _id: string;
  receivedAt: Date;
}

const PendingDeliverySchema = new Schema<PendingDelivery>(
  { _id: { type: String, required: true }, receivedAt: { type: Date, required: true } },
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
