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
// Serves the version guard of every write of the aggregate (`{ _id, version }`): the local
// store (mongo-java-server) answers a filter from an index only when the filter's fields are
// exactly the index's, so the `_id` index alone leaves that guard a collection scan.
schema.index({ _id: 1, version: 1 }, { unique: true });
// Only the fallback for shipments older than their refs looks up by the courier's ids, once
// per id (shipment-refs.ts): served on MongoDB, a scan on the local store.
schema.index({ easypostShipmentId: 1 });
schema.index({ trackingCode: 1 });

export type ShipmentModel = Model<ShipmentRecord>;

export function shipmentModel(connection: Connection): ShipmentModel {
  return (
    (connection.models.Shipment as ShipmentModel | undefined) ??
    connection.model<ShipmentRecord>('Shipment', schema)
  );
}
