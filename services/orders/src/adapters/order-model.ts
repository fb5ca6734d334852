import { ORDER_STATUSES } from '@commerce-sync/contracts';
import { type AggregateFields, aggregatePlugin } from '@commerce-sync/messaging';
import { type Connection, type Model, Schema } from 'mongoose';
import type { Order } from '../domain/order.ts';

/** The saga's aggregate as stored: the domain order, messaging's fields, and bookkeeping. */
export interface OrderDocument extends Order, AggregateFields {
  /** True while a storefront write-back is still to be made (operators filter on it). */
  writeBackPending: boolean;
  createdAt: Date;
  updatedAt: Date;
}

const Mixed = Schema.Types.Mixed;

const OrderSchema = new Schema<OrderDocument>(
  {
    _id: { type: String, required: true },
    shop: { type: String, required: true },
    sourceId: { type: String, required: true },
    sourceName: String,
    status: { type: String, enum: ORDER_STATUSES, required: true },
    customer: { type: Mixed, required: true },
    currency: { type: String, required: true },
    totalMinor: { type: Number, required: true },
    subtotalMinor: Number,
    taxMinor: Number,
    lines: { type: Mixed, default: () => [] },
    shippingAddress: { type: Mixed, required: true },
    paymentMethod: String,
    stripeCustomer: String,
    placedAt: String,
    facts: { type: Mixed, required: true },
    paymentIntentId: String,
    shipment: Mixed,
    fulfillmentId: String,
    reason: String,
    cancelRequested: String,
    resumeFrom: String,
    pending: { type: Mixed, default: () => [] },
    deadlineAt: { type: String, default: null },
    sweepAttempts: { type: Number, default: 0 },
    writeBacks: { type: Mixed, default: () => [] },
    writeBackPending: { type: Boolean, default: false },
    timeline: { type: Mixed, default: () => [] },
    createdAt: { type: Date, default: () => new Date() },
    updatedAt: { type: Date, default: () => new Date() },
  },
  { versionKey: false, minimize: false },
);
OrderSchema.plugin(aggregatePlugin);
// Serves the version guard of every write of the aggregate (`{ _id, version }`): the local
// store (mongo-java-server) answers a filter from an index only when the filter's fields are
// exactly the index's, so the `_id` index alone leaves that guard a collection scan.
OrderSchema.index({ _id: 1, version: 1 }, { unique: true });
OrderSchema.index({ shop: 1, sourceId: 1 });
// A search by storefront name (`#1307`), with or without its shop (GET /orders?name=).
OrderSchema.index({ sourceName: 1, shop: 1 });
OrderSchema.index({ status: 1, createdAt: -1 });
OrderSchema.index({ createdAt: -1, _id: -1 });
// The sweeper reads its own small collection (sweep-index.ts), not these fields.

export function orderModel(connection: Connection): Model<OrderDocument> {
  return (
    (connection.models.Order as Model<OrderDocument> | undefined) ??
    connection.model<OrderDocument>('Order', OrderSchema, 'orders')
  );
}
export type OrderModel = ReturnType<typeof orderModel>;
