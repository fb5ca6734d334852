import { randomBytes } from 'node:crypto';
import { type Connection, type Model, Schema } from 'mongoose';

/** One operator action as kept: who, when, what, on what, how it ended. No personal data. */
export interface AuditEntry {
  at: Date;
  /** The provider's subject of the operator (their id, not their name or email). */
  actor: string;
  action: string;
  /** `order <id>` or `<queue> message <id>`: identifiers only. */
  target: string;
  /** `ok`, `refused (403)`, `failed (409 Conflict)`, … */
  outcome: string;
}

interface AuditDocument extends AuditEntry {
  _id: string;
}

const AuditSchema = new Schema<AuditDocument>(
  {
    _id: { type: String, required: true },
    at: { type: Date, required: true },
    actor: { type: String, required: true },
    action: { type: String, required: true },
    target: { type: String, required: true },
    outcome: { type: String, required: true },
  },
  { versionKey: false },
);

export interface AuditLog {
  record(entry: Omit<AuditEntry, 'at'>, now?: Date): Promise<void>;
  latest(limit: number): Promise<AuditEntry[]>;
}

/**
 * The audit log in MongoDB. The `_id` starts with the time, so newest-first is a read of the
 * `_id` index: the local store serves only `_id` and unique indexes (README, local infra).
 */
export function createAuditLog(connection: Connection): AuditLog {
  const model =
    (connection.models.AuditEntry as Model<AuditDocument> | undefined) ??
    connection.model<AuditDocument>('AuditEntry', AuditSchema, 'audit');
  return {
    async record(entry, now = new Date()) {
      const _id = `${now.toISOString()}~${randomBytes(6).toString('hex')}`;
      await model.create({ _id, at: now, ...entry });
    },
    async latest(limit) {
      const docs = await model.find({}, { _id: 0 }).sort({ _id: -1 }).limit(limit).lean<AuditEntry[]>();
      return docs;
    },
  };
}
