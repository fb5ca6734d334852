import type { Collection } from 'mongodb';
import type { InboxMark } from './aggregate-plugin.ts';
import { documentLock, lockKey } from './document-lock.ts';

export interface CleanupOptions {
  /** Keys older than this are forgotten; a duplicate arriving later than that would run again. */
  inboxOlderThanMs?: number;
  /** Sent standalone outbox rows older than this are deleted (their key with them). */
  sentOlderThanMs?: number;
  now?: Date;
}

export interface CleanupResult {
  inboxRecords: number;
  outboxRows: number;
  aggregateMarks: number;
}

const DAY = 86_400_000;

/** Removes old inbox keys and sent outbox rows: the server has no TTL indexes, cron calls this. */
export async function cleanup(
  targets: { inbox: Collection; outbox: Collection; aggregates: Iterable<Collection> },
  opts: CleanupOptions = {},
): Promise<CleanupResult> {
  const now = opts.now?.getTime() ?? Date.now();
  const inboxCutoff = new Date(now - (opts.inboxOlderThanMs ?? 14 * DAY));
  const sentCutoff = new Date(now - (opts.sentOlderThanMs ?? DAY));
  const inbox = await targets.inbox.deleteMany({ at: { $lt: inboxCutoff } });
  const outbox = await targets.outbox.deleteMany({ outboxAt: null, createdAt: { $lt: sentCutoff } });
  let aggregateMarks = 0;
  for (const collection of targets.aggregates) aggregateMarks += await trimMarks(collection, inboxCutoff);
  return { inboxRecords: inbox.deletedCount, outboxRows: outbox.deletedCount, aggregateMarks };
}

/** Rewrites each document's embedded inbox under its version guard (a conflict waits for the next run). */
async function trimMarks(collection: Collection, cutoff: Date): Promise<number> {
  let removed = 0;
  const cursor = collection.find({ 'inbox.at': { $lt: cutoff } }, { projection: { inbox: 1, version: 1 } });
  for await (const doc of cursor) {
    const marks = (doc.inbox ?? []) as InboxMark[];
    const kept = marks.filter((m) => new Date(m.at) >= cutoff);
    const res = await documentLock.run(lockKey(collection, doc._id), () =>
      collection.updateOne(
        { _id: doc._id, version: doc.version },
        { $set: { inbox: kept }, $inc: { version: 1 } },
      ),
    );
    if (res.modifiedCount === 1) removed += marks.length - kept.length;
  }
  return removed;
}
