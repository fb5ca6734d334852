import { type Connection, type Model, type QueryFilter, Schema } from 'mongoose';
import type { ShipmentRecord } from '../domain/shipment-record.ts';
import { insertUnlessPresent } from '@commerce-sync/service-kit';
import type { ShipmentModel } from './shipment-model.ts';

/** A parcel the poller keeps an eye on, `_id` = order id; gone once tracking is final. */
export interface WatchEntry {
  _id: string;
  trackerId: string;
  /** When the poller should look at it next. */
  dueAt: Date;
  /** First poll failure of the current run of failures; unset once a poll succeeds. */
  failingSince?: Date | null;
  /** The last poll's error message (no personal data: the courier's error text). */
  lastError?: string | null;
  /** Set when the poller stopped asking (failing too long): listed for an operator. */
  gaveUpAt?: Date | null;
}

/** `dueAt` of an entry the poller gave up on: never due again until an operator retries it. */
export const NEVER = new Date('9999-12-31T00:00:00Z');

const schema = new Schema<WatchEntry>(
  {
    _id: { type: String, required: true },
    trackerId: { type: String, required: true },
    dueAt: { type: Date, required: true },
    failingSince: { type: Date, default: null },
    lastError: { type: String, default: null },
    gaveUpAt: { type: Date, default: null },
  },
  { collection: 'tracking_watch', versionKey: false },
);

const BACKFILL_ID = 'tracking-watch-backfill';

/**
 * The parcels in flight, so the poller reads O(parcels in flight) instead of every shipment
 * ever made: FerretDB (docs/ARCHITECTURE.md §6) evaluates any filter but a lone `_id` after
 * reading the whole collection. An entry is inserted when the label is bought; the poller
 * moves its `dueAt` and drops it once the shipment is final. Webhooks never write it: the
 * poller reads the shipment's `trackingCheckedAt` by `_id` and defers a parcel that spoke.
 */
export function trackingWatch(connection: Connection) {
  const model =
    (connection.models.TrackingWatch as Model<WatchEntry> | undefined) ??
    connection.model<WatchEntry>('TrackingWatch', schema);
  const watch = (orderId: string, trackerId: string, dueAt: Date) =>
    insertUnlessPresent(model.collection, { _id: orderId, trackerId, dueAt });
  return {
    model,
    watch,
    /** Entries due, the longest waiting first. */
    due: (now: Date, limit: number) =>
      model
        .find({ dueAt: { $lte: now } })
        .sort({ dueAt: 1 })
        .limit(limit)
        .lean<WatchEntry[]>(),
    /** Next look at `dueAt`; a successful poll also ends a run of failures. */
    defer: (orderId: string, dueAt: Date, ok = false) =>
      model.updateOne(
        { _id: orderId },
        { $set: ok ? { dueAt, failingSince: null, lastError: null } : { dueAt } },
      ),
    /** Records a failed poll; the run of failures starts at the first one. */
    failed: (entry: WatchEntry, error: string, now: Date, dueAt: Date) =>
      model.updateOne(
        { _id: entry._id },
        { $set: { dueAt, lastError: error, failingSince: entry.failingSince ?? now } },
      ),
    giveUp: (orderId: string, error: string, now: Date) =>
      model.updateOne({ _id: orderId }, { $set: { dueAt: NEVER, lastError: error, gaveUpAt: now } }),
    /** Parcels the poller gave up on (the watch holds only parcels in flight: a small read). */
    givenUp: (limit = 100) =>
      model
        .find({ gaveUpAt: { $type: 'date' } })
        .sort({ gaveUpAt: -1 })
        .limit(limit)
        .lean<WatchEntry[]>(),
    /** An operator's retry: due now, with a fresh run of failures. False when not given up. */
    async retry(orderId: string, now: Date): Promise<boolean> {
      const r = await model.updateOne(
        { _id: orderId, gaveUpAt: { $type: 'date' } },
        { $set: { dueAt: now, gaveUpAt: null, failingSince: null } },
      );
      return r.matchedCount > 0;
    },
    forget: (orderId: string) => model.deleteOne({ _id: orderId }),
    /**
     * Once per database: parcels labelled before this index existed are added from one scan
     * of the shipments; a marker entry (no tracker, never due) records that it ran.
     */
    async backfill(shipments: ShipmentModel, now: Date): Promise<number> {
      if (await model.exists({ _id: BACKFILL_ID })) return 0;
      const live = await shipments
        .find(
          {
            status: { $in: ['purchased', 'cancel_refused'] },
            trackingStatus: { $nin: FINAL_TRACKING },
            trackerId: { $exists: true },
          } as QueryFilter<ShipmentRecord>,
          { _id: 1, trackerId: 1 },
        )
        .lean();
      for (const s of live) await watch(s._id, s.trackerId as string, now);
      await watch(BACKFILL_ID, '-', NEVER);
      return live.length;
    },
  };
}

export const FINAL_TRACKING = ['delivered', 'failure', 'return_to_sender', 'cancelled'];

export type TrackingWatch = ReturnType<typeof trackingWatch>;
