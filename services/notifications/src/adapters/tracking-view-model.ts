import { aggregatePlugin } from '@commerce-sync/messaging';
import { type Connection, type Model, Schema } from 'mongoose';
import type { TrackingView } from '../domain/tracking-view.ts';

export interface TrackingViewDoc extends TrackingView {
  _id: string;
  version: number;
}

const schema = new Schema<TrackingViewDoc>(
  {
    _id: { type: String, required: true },
    orderId: { type: String, required: true },
    sourceId: String,
    status: { type: String, required: true },
    statusAt: { type: String, required: true },
    locale: String,
    currency: String,
    totalMinor: Number,
    lines: { type: Schema.Types.Mixed, default: () => [] },
    shipment: Schema.Types.Mixed,
    estimatedDeliveryAt: String,
    estimateAt: String,
    timeline: { type: Schema.Types.Mixed, default: () => [] },
  },
  { collection: 'tracking_views', versionKey: false, minimize: true },
);
schema.plugin(aggregatePlugin);

export function trackingViewModel(connection: Connection): Model<TrackingViewDoc> {
  return connection.model<TrackingViewDoc>('TrackingView', schema);
}

/** The plain view inside a stored document (without the messaging fields). */
export function viewOf(doc: { toObject(): object }): TrackingView {
  const { _id, version, outbox, outboxAt, outboxLeaseOwner, outboxLeaseUntil, inbox, ...view } =
    doc.toObject() as TrackingViewDoc & Record<string, unknown>;
  return view;
}
