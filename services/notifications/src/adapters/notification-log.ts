import { NOTIFICATION_KINDS } from '@commerce-sync/contracts';
import { type Connection, type Model, Schema } from 'mongoose';
import { insertUnlessPresent } from '@commerce-sync/service-kit';
import {
  type ClaimRecord,
  NOTIFICATION_STATUSES,
  type NotificationRecord,
} from '../domain/notification-claim.ts';

export interface NotificationLogDoc extends NotificationRecord {
  _id: string;
  recipientHash: string;
  /** The Message-ID header: the same for every attempt, so receivers can collapse a re-send. */
  emailMessageId: string;
  createdAt: Date;
  updatedAt: Date;
  sentAt?: Date;
}

interface ClaimDoc extends ClaimRecord {
  _id: string;
  key: string;
  owner: string;
  at: Date;
}

const logSchema = new Schema<NotificationLogDoc>(
  {
    _id: { type: String, required: true },
    orderId: { type: String, required: true },
    kind: { type: String, enum: NOTIFICATION_KINDS, required: true },
    status: { type: String, enum: NOTIFICATION_STATUSES, required: true },
    attempts: { type: Number, default: 0 },
    providerMessageId: String,
    lastError: String,
    recipientHash: { type: String, required: true },
    emailMessageId: { type: String, required: true },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    sentAt: Date,
  },
  { collection: 'notifications', versionKey: false },
);
logSchema.index({ orderId: 1, kind: 1 }, { unique: true });
logSchema.index({ status: 1, updatedAt: -1 });

const claimSchema = new Schema<ClaimDoc>(
  {
    _id: String,
    key: { type: String, required: true },
    n: { type: Number, required: true },
    owner: String,
    at: Date,
    until: { type: Date, required: true },
    released: { type: Boolean, default: false },
  },
  { collection: 'notification_claims', versionKey: false },
);

/** Row id: one per (order, kind); the unique index says the same to the database. */
export function notificationId(orderId: string, kind: string): string {
  return `${orderId}|${kind}`;
}

/**
 * The notifications log and its claims. Only inserts race (a unique id settles them: one
 * winner, and the loser learns it from the duplicate key); a row is updated only by the
 * holder of its current claim, by `_id`.
 */
export function createNotificationLog(connection: Connection) {
  const Log: Model<NotificationLogDoc> = connection.model<NotificationLogDoc>('NotificationLog', logSchema);
  const Claim = connection.model<ClaimDoc>('NotificationClaim', claimSchema);
  return {
    model: Log,
    init: () => Promise.all([Log.init(), Claim.init()]),
    /**
     * Creates the pending row unless it exists; returns the stored row and whether this call
     * created it (then it is `row` as given: no read back, and no claim can exist yet).
     */
    async ensure(row: NotificationLogDoc): Promise<{ row: NotificationLogDoc; created: boolean }> {
      if (await insertUnlessPresent(Log.collection, row)) return { row, created: true };
      return { row: (await Log.findById(row._id).lean<NotificationLogDoc>()) ?? row, created: false };
    },
    get: (id: string) => Log.findById(id).lean<NotificationLogDoc>(),
    /**
     * The claim with the highest `n`. Claims of a row are numbered 1, 2, 3… without gaps (each
     * is the latest + 1, inserted under a unique `_id`), so they are read by `_id` until one is
     * missing: a query by `key` would read every claim ever made on the local store (it serves
     * no filter but `_id` and unique indexes from an index), and a row has a handful of claims.
     */
    async latestClaim(id: string): Promise<ClaimDoc | null> {
      let latest: ClaimDoc | null = null;
      for (let n = 1; ; n++) {
        const next = await Claim.findById(`${id}#${n}`).lean<ClaimDoc>();
        if (!next) return latest;
        latest = next;
      }
    },
    /** True when this caller won claim `n`. */
    async claim(id: string, n: number, owner: string, now: Date, leaseMs: number): Promise<boolean> {
      const doc = {
        _id: `${id}#${n}`,
        key: id,
        n,
        owner,
        at: now,
        until: new Date(now.getTime() + leaseMs),
        released: false,
      };
      return insertUnlessPresent(Claim.collection, doc);
    },
    release: (id: string, n: number) => Claim.updateOne({ _id: `${id}#${n}` }, { $set: { released: true } }),
    /** Written by the claim holder only. */
    save: (id: string, fields: Partial<NotificationLogDoc>) => Log.updateOne({ _id: id }, { $set: fields }),
  };
}
export type NotificationLog = ReturnType<typeof createNotificationLog>;
