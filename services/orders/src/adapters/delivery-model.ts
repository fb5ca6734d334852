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
DeliverySchema.index({ processedAt: 1, receivedAt: 1 });

export function deliveryModel(connection: Connection): Model<Delivery> {
  return (
    (connection.models.ShopifyDelivery as Model<Delivery> | undefined) ??
    connection.model<Delivery>('ShopifyDelivery', DeliverySchema, 'shopify_deliveries')
  );
}
export type DeliveryModel = ReturnType<typeof deliveryModel>;
