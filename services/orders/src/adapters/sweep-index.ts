import type { Connection, Model } from 'mongoose';
import { Schema } from 'mongoose';
import type { WriteBack } from '../domain/order.ts';

/**
 * What the sweeper must look at for one order: `_id` = order id. A deadline or write-back
 * query on `orders` reads every order ever placed on the local store (it serves only `_id`
 * and unique indexes, and no range filter from any index); this collection holds only the
 * orders that need attention, so a sweep costs O(orders in flight). It is kept by `_id`
 * writes after each order write.
 */
export interface SweepEntry {
  _id: string;
  /** The order's deadline (ISO), null when only a write-back keeps the entry. */
  deadlineAt: string | null;
  /** When the next storefront write-back attempt is due; absent when none is pending. */
  writeBackAt?: Date;
  writeBackAttempts?: number;
}

/** A write-back is first tried right after the saga write; the sweeper takes stragglers. */
export const WRITE_BACK_GRACE_MS = 30_000;
const MAX_BACKOFF_MS = 10 * 60_000;

const SweepEntrySchema = new Schema<SweepEntry>(
  {
    _id: { type: String, required: true },
    deadlineAt: { type: String, default: null },
    writeBackAt: Date,
    writeBackAttempts: Number,
  },
  { versionKey: false },
);
// Serves the one conditional write of a saga step, `{ _id, writeBackAt: null }` (the local
// store answers a filter from an index only when its fields are exactly the index's).
SweepEntrySchema.index({ _id: 1, writeBackAt: 1 }, { unique: true });

interface Indexed {
  _id: string;
  deadlineAt?: string | null;
  writeBacks: Pick<WriteBack, 'done'>[];
}

export function sweepIndex(connection: Connection) {
  const model =
    (connection.models.OrderSweep as Model<SweepEntry> | undefined) ??
    connection.model<SweepEntry>('OrderSweep', SweepEntrySchema, 'order_sweeps');
  return {
    model,
    /**
     * Mirrors the stored order: an entry while it has a deadline or a pending write-back.
     * `writeBackStarted`: the order had no write-back pending before this step, so no
     * backoff can be waiting and the grace period is set in the same write.
     */
    async sync(order: Indexed, now = new Date(), opts: { writeBackStarted?: boolean } = {}): Promise<void> {
      const deadlineAt = order.deadlineAt ?? null;
      const writeBack = order.writeBacks.some((w) => !w.done);
      if (!deadlineAt && !writeBack) {
        await model.deleteOne({ _id: order._id });
        return;
      }
      if (!writeBack || opts.writeBackStarted) {
        const set = writeBack
          ? { deadlineAt, writeBackAt: new Date(now.getTime() + WRITE_BACK_GRACE_MS) }
          : { deadlineAt };
        const unset = writeBack ? { writeBackAttempts: '' } : { writeBackAt: '', writeBackAttempts: '' };
        await model.updateOne({ _id: order._id }, { $set: set, $unset: unset }, { upsert: true });
        return;
      }
      await model.updateOne({ _id: order._id }, { $set: { deadlineAt } }, { upsert: true });
      // A due time already set (a backoff honouring Retry-After) stays as it is. `null` matches
      // the missing field (never stored as null: it is `$unset`).
      await model.updateOne(
        { _id: order._id, writeBackAt: null },
        { $set: { writeBackAt: new Date(now.getTime() + WRITE_BACK_GRACE_MS) } },
      );
    },
    async forget(orderId: string): Promise<void> {
      await model.deleteOne({ _id: orderId });
    },
    /**
     * Entries whose deadline has passed. The sweeper's reads (here and `dueWriteBacks`) filter
     * the whole collection, which holds only the orders in flight, once per sweep.
     */
    dueDeadlines(now: Date, limit: number) {
      return model
        .find({ deadlineAt: { $ne: null, $lte: now.toISOString() } }, { _id: 1, deadlineAt: 1 })
        .limit(limit)
        .lean<Pick<SweepEntry, '_id' | 'deadlineAt'>[]>();
    },
    /** Orders whose pending write-back is due. */
    async dueWriteBacks(now: Date, limit: number): Promise<string[]> {
      const due = await model
        .find({ writeBackAt: { $lte: now } }, { _id: 1 })
        .limit(limit)
        .lean();
      return due.map((d) => d._id);
    },
    /** True while a failed write-back waits out its backoff (Retry-After). */
    async backingOff(orderId: string, now: Date): Promise<boolean> {
      const entry = await model.findById(orderId, { writeBackAt: 1, writeBackAttempts: 1 }).lean();
      return (entry?.writeBackAttempts ?? 0) > 0 && (entry?.writeBackAt?.getTime() ?? 0) > now.getTime();
    },
    /** A failed write-back waits: Retry-After when given, else exponential backoff with jitter. */
    async backOff(orderId: string, now: Date, retryAfterMs?: number): Promise<Date> {
      const entry = await model.findById(orderId, { writeBackAttempts: 1 }).lean();
      const attempts = (entry?.writeBackAttempts ?? 0) + 1;
      const backoff = Math.min(MAX_BACKOFF_MS, 5_000 * 2 ** (attempts - 1)) * (0.5 + Math.random() / 2);
      const at = new Date(now.getTime() + Math.max(retryAfterMs ?? 0, backoff));
      await model.updateOne(
        { _id: orderId },
        { $set: { writeBackAt: at, writeBackAttempts: attempts } },
        { upsert: true },
      );
      return at;
    },
  };
}

export type SweepIndex = ReturnType<typeof sweepIndex>;
