import { aggregatePlugin } from '@commerce-sync/messaging';
import { type Connection, type Model, Schema } from 'mongoose';
import { SHIPMENT_STATES, type ShipmentRecord } from '../domain/shipment-record.ts';

const schema = new Schema<ShipmentRecord>(
  {
    _id: { type: String, required: true },
    reference: { type: String, required: true },
    status: { type: String, enum: SHIPMENT_STATES, required: true },
    easypostShipmentId: String,
    carrier: String,
    service: String,
    rateMinor: Number,
    currency: String,
    trackingCode: String,
    trackerId: String,
    trackingUrl: String,
    labelUrl: String,
    trackingStatus: { type: String, default: 'unknown' },
    trackingStatusDetail: String,
    estimatedDeliveryAt: String,
    trackingCheckedAt: Date,
    history: { type: Schema.Types.Mixed, default: () => [] },
    failureReason: String,
    failureCode: String,
    refundStatus: String,
    refundError: String,
    createdAt: { type: Date, default: () => new Date() },
    updatedAt: { type: Date, default: () => new Date() },
  },
  { collection: 'shipments', versionKey: false },
);
schema.plugin(aggregatePlugin);
// Only the fallback for shipments older than their refs looks up by the courier's ids
// (shipment-refs.ts); the poller reads the tracking watch, not these records.
schema.index({ easypostShipmentId: 1 });
schema.index({ trackingCode: 1 });

export type ShipmentModel = Model<ShipmentRecord>;

export function shipmentModel(connection: Connection): ShipmentModel {
  return (
    (connection.models.Shipment as ShipmentModel | undefined) ??
    connection.model<ShipmentRecord>('Shipment', schema)
  );
}
