import { type AggregateFields, aggregatePlugin } from '@commerce-sync/messaging';
import { type Connection, Schema } from 'mongoose';
import {
  LINE_STATES,
  RESERVATION_STATUSES,
  type ReservationLine,
  type ReservationStatus,
  type Shortage,
} from '../domain/reservation.ts';

/** One order's reservation: the aggregate the handlers change and emit from. */
export interface Reservation extends AggregateFields {
  _id: string;
  status: ReservationStatus;
  lines: ReservationLine[];
  shortages: Shortage[];
  createdAt: Date;
  updatedAt: Date;
}

const LineSchema = new Schema<ReservationLine>(
  {
    sku: { type: String, required: true },
    quantity: { type: Number, required: true },
    state: { type: String, enum: LINE_STATES, required: true },
    intent: { type: { attempt: Number, changeFrom: Number }, default: null, _id: false },
  },
  { _id: false },
);

const ReservationSchema = new Schema<Reservation>(
  {
    _id: { type: String, required: true },
    status: { type: String, enum: RESERVATION_STATUSES, required: true },
    lines: { type: [LineSchema], default: [] },
    shortages: { type: [{ sku: String, requested: Number, available: Number, _id: false }], default: [] },
    createdAt: { type: Date, default: () => new Date() },
    updatedAt: { type: Date, default: () => new Date() },
  },
  { versionKey: false },
);
ReservationSchema.plugin(aggregatePlugin);
// Serves the version guard of every write of the aggregate (`{ _id, version }`): the local
// store (mongo-java-server) answers a filter from an index only when the filter's fields are
// exactly the index's, so the `_id` index alone leaves that guard a collection scan.
ReservationSchema.index({ _id: 1, version: 1 }, { unique: true });
// Held reservations by age, for MongoDB; the stale-reservation job reads every reservation
// in batches instead (release-stale.ts), which needs no index on either store.
ReservationSchema.index({ status: 1, updatedAt: 1 });

export function reservationModel(connection: Connection) {
  return (
    connection.models.Reservation ??
    connection.model<Reservation>('Reservation', ReservationSchema, 'reservations')
  );
}
