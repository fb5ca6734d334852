import { NOTIFICATION_KINDS } from '@commerce-sync/contracts';
import { aggregatePlugin } from '@commerce-sync/messaging';
import { type Connection, type Model, Schema } from 'mongoose';
import { NOTIFICATION_STATUSES, type NotificationRecord } from '../domain/notification-claim.ts';

export interface NotificationLogDoc extends NotificationRecord {
  _id: string;
  recipientHash: string;
  /** The Message-ID header: the same for every attempt, so receivers can collapse a re-send. */
  emailMessageId: string;
  createdAt: Date;
  updatedAt: Date;
  sentAt?: Date;
}

/** Row id: one per (order, kind); the unique index below says the same to the database. */
export function notificationId(orderId: string, kind: string): string {
  return `${orderId}|${kind}`;
}

const schema = new Schema<NotificationLogDoc>(
  {
    _id: { type: String, required: true },
    orderId: { type: String, required: true },
    kind: { type: String, enum: NOTIFICATION_KINDS, required: true },
    status: { type: String, enum: NOTIFICATION_STATUSES, required: true },
    attempts: { type: Number, default: 0 },
    claimedBy: { type: String, default: null },
    claimedUntil: { type: Date, default: null },
    providerMessageId: String,
    lastError: String,
    delayReported: Boolean,
    recipientHash: { type: String, required: true },
    emailMessageId: { type: String, required: true },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    sentAt: Date,
  },
  { collection: 'notifications', versionKey: false },
);
schema.plugin(aggregatePlugin);
schema.index({ orderId: 1, kind: 1 }, { unique: true });
schema.index({ status: 1, updatedAt: -1 });

export function notificationLogModel(connection: Connection): Model<NotificationLogDoc> {
  return connection.model<NotificationLogDoc>('NotificationLog', schema);
}
