import { scanFields } from '@commerce-sync/messaging';
import { insertUnlessPresent } from '@commerce-sync/service-kit';
import { type Connection, type Model, type QueryFilter, Schema } from 'mongoose';
import type { ShipmentRecord } from '../domain/shipment-record.ts';
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

/**
 * The poller's schedule, in `tracking_due`: one document per minute (`_id` = `s:<minute>`)
 * listing the orders due in it, and `range` (`low`, `high`): the minutes that may hold any.
 * An entry is listed in the minute of every `dueAt` it is given, before the entry itself is
 * written (a crash in between leaves a listing, never an entry nobody looks at); listings
 * of an older `dueAt` stay until their minute is collected. Nothing is listed in a minute
 * already past on this process's clock, so a past minute only ever loses listings.
 */
interface DueDoc {
  _id: string;
  ids?: string[];
  low?: number;
  high?: number;
}

const dueSchema = new Schema<DueDoc>(
  { _id: { type: String, required: true }, ids: [String], low: Number, high: Number },
  { collection: 'tracking_due', versionKey: false },
);

const SLOT_MS = 60_000;
/** Minutes read per query, and order ids per query. */
const SLOTS_PER_READ = 60;
const IDS_PER_READ = 200;
const RANGE = 'range';
/** In `tracking_due`: the entries written before the schedule existed have been listed. */
const LISTED = 'listed';
const BACKFILL_ID = 'tracking-watch-backfill';

const slotOf = (d: Date) => Math.floor(d.getTime() / SLOT_MS);
const slotId = (slot: number) => `s:${slot}`;

/**
 * The parcels in flight, so the poller reads O(parcels due) instead of every shipment ever
 * made. An entry is inserted when the label is bought; the poller moves its `dueAt` and
 * drops it once the shipment is final. Webhooks never write it: the poller reads the
 * shipment's `trackingCheckedAt` by `_id` and defers a parcel that spoke.
 *
 * Every read and write goes by `_id` (`$in` of `_id`s for the batches): the local store
 * serves no other filter from an index, and a query on `dueAt` would read every parcel in
 * flight at each poll. The due entries are found through the minute documents instead.
 */
export function trackingWatch(connection: Connection, clock: () => Date = () => new Date()) {
  const model =
    (connection.models.TrackingWatch as Model<WatchEntry> | undefined) ??
    connection.model<WatchEntry>('TrackingWatch', schema);
  const due =
    (connection.models.TrackingDue as Model<DueDoc> | undefined) ??
    connection.model<DueDoc>('TrackingDue', dueSchema);

  /**
   * The minute this process last widened `range` to. `high` only grows, and `low` is only
   * raised past minutes before the previous one on the poller's clock, never past a minute
   * still current or ahead here: listing again in that minute needs no range write.
   */
  let ranged: number | undefined;

  /** Lists `orderId` in the minute of `dueAt` (or the current one, when that is past). */
  async function list(orderId: string, dueAt: Date): Promise<void> {
    if (dueAt.getTime() >= NEVER.getTime()) return;
    const current = slotOf(clock());
    const slot = Math.max(slotOf(dueAt), current);
    await due.updateOne({ _id: slotId(slot) }, { $addToSet: { ids: orderId } }, { upsert: true });
    if (slot === ranged && slot >= current) return;
    await due.updateOne({ _id: RANGE }, { $min: { low: slot }, $max: { high: slot } }, { upsert: true });
    ranged = slot;
  }

  async function watch(orderId: string, trackerId: string, dueAt: Date): Promise<boolean> {
    await list(orderId, dueAt);
    return insertUnlessPresent(model.collection, { _id: orderId, trackerId, dueAt });
  }

  async function entriesOf(ids: string[]): Promise<WatchEntry[]> {
    const found: WatchEntry[] = [];
    for (let i = 0; i < ids.length; i += IDS_PER_READ)
      found.push(
        ...(await model
          .find({ _id: { $in: ids.slice(i, i + IDS_PER_READ) } })
          .lean<WatchEntry[]>()
          .exec()),
      );
    return found;
  }

  return {
    model,
    watch,
    /**
     * Entries due at `now`, the longest waiting first (by minute, then by `dueAt`). Minutes
     * before the previous one in which nothing is due are collected on the way: their
     * listings are all outdated (an entry listed there moved on, or is gone).
     */
    async due(now: Date, limit: number): Promise<WatchEntry[]> {
      const range = await due.findById(RANGE).lean<DueDoc>().exec();
      if (range?.low === undefined || range.high === undefined) return [];
      const last = Math.min(slotOf(now), range.high);
      const collectBefore = Math.min(slotOf(now), slotOf(clock())) - 1;
      const found = new Map<string, WatchEntry>();
      const dead: number[] = [];
      let low = range.low;
      let prefix = true;
      for (let from = range.low; from <= last && found.size < limit; from += SLOTS_PER_READ) {
        const slots = Array.from({ length: Math.min(SLOTS_PER_READ, last - from + 1) }, (_, i) => from + i);
        const docs = await due
          .find({ _id: { $in: slots.map(slotId) } })
          .lean<DueDoc[]>()
          .exec();
        const listed = new Map(docs.map((d) => [d._id, d.ids ?? []]));
        for (const slot of slots) {
          const ids = listed.get(slotId(slot)) ?? [];
          const entries = await entriesOf(ids.filter((id) => !found.has(id)));
          const dueHere = entries.filter((e) => e.dueAt.getTime() <= now.getTime());
          for (const e of dueHere) found.set(e._id, e);
          const stillDue = dueHere.length > 0 || ids.some((id) => found.has(id));
          if (slot < collectBefore && !stillDue) {
            if (ids.length) dead.push(slot);
            if (prefix) low = slot + 1;
          } else prefix = false;
          if (found.size >= limit) break;
        }
      }
      if (dead.length) await due.deleteMany({ _id: { $in: dead.map(slotId) } });
      if (low > range.low) await due.updateOne({ _id: RANGE }, { $max: { low } });
      return [...found.values()].sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime()).slice(0, limit);
    },
    /** Next look at `dueAt`; a successful poll also ends a run of failures. */
    async defer(orderId: string, dueAt: Date, ok = false) {
      await list(orderId, dueAt);
      return model.updateOne(
        { _id: orderId },
        { $set: ok ? { dueAt, failingSince: null, lastError: null } : { dueAt } },
      );
    },
    /** Records a failed poll; the run of failures starts at the first one. */
    async failed(entry: WatchEntry, error: string, now: Date, dueAt: Date) {
      await list(entry._id, dueAt);
      return model.updateOne(
        { _id: entry._id },
        { $set: { dueAt, lastError: error, failingSince: entry.failingSince ?? now } },
      );
    },
    giveUp: (orderId: string, error: string, now: Date) =>
      model.updateOne({ _id: orderId }, { $set: { dueAt: NEVER, lastError: error, gaveUpAt: now } }),
    /**
     * Parcels the poller gave up on, for an operator: a read of the whole watch (parcels in
     * flight, not every shipment), on an admin request only.
     */
    givenUp: (limit = 100) =>
      model
        .find({ gaveUpAt: { $type: 'date' } })
        .sort({ gaveUpAt: -1 })
        .limit(limit)
        .lean<WatchEntry[]>(),
    /** An operator's retry: due now, with a fresh run of failures. False when not given up. */
    async retry(orderId: string, now: Date): Promise<boolean> {
      const entry = await model.findById(orderId, { gaveUpAt: 1 }).lean<WatchEntry>();
      if (!entry?.gaveUpAt) return false;
      await list(orderId, now);
      await model.updateOne({ _id: orderId }, { $set: { dueAt: now, gaveUpAt: null, failingSince: null } });
      return true;
    },
    forget: (orderId: string) => model.deleteOne({ _id: orderId }),
    /**
     * Once per database each, at start (a read of the whole collection, never on a poll):
     * entries written before the schedule existed are listed (marker `listed`), and parcels
     * labelled before the watch existed are added from the shipments (marker entry: no
     * tracker, never due).
     */
    async backfill(shipments: ShipmentModel, now: Date): Promise<number> {
      if (!(await due.exists({ _id: LISTED }))) {
        const unlisted: Pick<WatchEntry, '_id' | 'dueAt'>[] = [];
        await scanFields<Pick<WatchEntry, '_id' | 'dueAt'>>(model.collection, ['_id', 'dueAt'], (e) => {
          unlisted.push(e);
        });
        for (const e of unlisted) await list(e._id, e.dueAt);
        await insertUnlessPresent(due.collection, { _id: LISTED });
      }
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
