import { Schema } from 'mongoose';
import type { OutboxRecord } from './outbox-record.ts';

/** An inbox key embedded in the aggregate: the message that changed it, and when. */
export interface InboxMark {
  key: string;
  at: Date;
}

/** The fields `aggregatePlugin` adds; the relay and `apply` own them, handlers leave them alone. */
export interface AggregateFields {
  /** Bumped by every write of `apply` (not by the relay): optimistic concurrency. */
  version: number;
  /** Messages emitted by this document's changes, not yet confirmed by the broker, in order. */
  outbox: OutboxRecord[];
  /** Creation time of the oldest unsent message, null when none: what the relay's sweep looks for. */
  outboxAt: Date | null;
  inbox: InboxMark[];
}

export const OWNED_FIELDS = ['version', 'outbox', 'outboxAt', 'inbox'];

/**
 * Mongoose plugin for an aggregate whose state change, outgoing messages and processed
 * message keys are written in ONE single-document update (the server has no multi-document
 * transactions). Use through `messaging.aggregate(Model).apply(...)`.
 */
export function aggregatePlugin(schema: Schema): void {
  schema.add({
    version: { type: Number, default: 0 },
    outbox: { type: [Schema.Types.Mixed], default: [] },
    outboxAt: { type: Date, default: null },
    inbox: { type: [Schema.Types.Mixed], default: [] },
  });
  schema.index({ outboxAt: 1 });
  schema.index({ 'inbox.key': 1 });
}
