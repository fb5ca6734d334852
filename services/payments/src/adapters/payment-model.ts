import { aggregatePlugin } from '@commerce-sync/messaging';
import { type Connection, Schema } from 'mongoose';
import { type PaymentState, PaymentStatuses } from '../domain/payment.ts';

export type PaymentDoc = PaymentState & { _id: string; checkedAt?: Date | null; updatedAt?: Date };

const HistorySchema = new Schema(
  { at: Date, from: String, to: String, source: String, detail: String },
  { _id: false },
);
const RefundSchema = new Schema({ id: String, amountMinor: Number, messageId: String }, { _id: false });

/**
 * One document per order (`_id` = order id): the payment's state, its history, and — via
 * the messaging plugin — its pending events and processed message keys, all written at once.
 */
export const PaymentSchema = new Schema<PaymentDoc>(
  {
    _id: { type: String, required: true },
    orderId: { type: String, required: true },
    status: { type: String, enum: PaymentStatuses, required: true },
    intentId: { type: String, default: null },
    amountMinor: { type: Number, required: true },
    currency: { type: String, required: true },
    capturedMinor: { type: Number, default: 0 },
    refundedMinor: { type: Number, default: 0 },
    refunds: { type: [RefundSchema], default: [] },
    failure: {
      type: new Schema({ reason: String, declineCode: String, message: String }, { _id: false }),
      default: null,
    },
    dispute: {
      type: new Schema({ id: String, reason: String, amountMinor: Number }, { _id: false }),
      default: null,
    },
    authorizedAt: { type: Date, default: null },
    /** Last time the reconciliation job compared this record with Stripe. */
    checkedAt: { type: Date, default: null },
    history: { type: [HistorySchema], default: [] },
    // Set by every change (the aggregate store writes directly, so no mongoose timestamps).
    updatedAt: { type: Date, default: () => new Date() },
  },
  { versionKey: false },
);
PaymentSchema.plugin(aggregatePlugin);
// Serves the version guard of every write of the aggregate (`{ _id, version }`): the local
// store (mongo-java-server) answers a filter from an index only when the filter's fields are
// exactly the index's, so the `_id` index alone leaves that guard a collection scan.
PaymentSchema.index({ _id: 1, version: 1 }, { unique: true });
PaymentSchema.index({ intentId: 1 });
PaymentSchema.index({ status: 1, updatedAt: 1 });

export function paymentModel(connection: Connection) {
  return connection.model<PaymentDoc>('Payment', PaymentSchema, 'payments');
}
