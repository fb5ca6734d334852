import type { Collection, Document } from 'mongodb';
import { withDbRetry } from './db-retry.ts';
import { documentLock, lockKey } from './document-lock.ts';
import { knownDocuments } from './known-documents.ts';
import type { OutboxSnapshot } from './local-writes.ts';
import type { OutboxRecord } from './outbox-record.ts';

/**
 * Removes confirmed messages from a document in one update, without touching `version`.
 *
 * Under the document lock it re-reads the document by `_id` (cheap) and, when the outbox
 * holds only sent records, empties it guarded by `version`: every `apply` bumps it, so a
 * push by another replica since our read makes the guard miss and we fall back to
 * `$pullAll` of exactly the sent records (removal from the head only: order holds).
 */
export function finishSent(
  collection: Collection,
  id: unknown,
  sent: OutboxRecord[],
  /** Runs under the lock: snapshots of this document held in memory are outdated now. */
  outdate: () => unknown = () => {},
): Promise<void> {
  return documentLock.run(lockKey(collection, id), () => {
    outdate();
    return finishLocked(collection, id, sent);
  });
}

/** A document this process wrote, all of whose snapshot was published. */
export interface SentSnapshot {
  id: unknown;
  snapshot: OutboxSnapshot;
  /** Under the lock: whether the document was written again since (then it is read first). */
  stale: () => boolean;
}

/**
 * Empties the outboxes of documents this process wrote and nobody wrote since: their outbox
 * is the snapshot, all of it sent, so a guarded `$set` empties each without reading it, and
 * the whole batch is ONE bulk write (one round trip per relay round, not one per message).
 * The `version` guard catches another replica's write; a document whose guard missed, or
 * that was written again here, falls back to `finishSent`'s read.
 */
export function finishSnapshots(collection: Collection, done: readonly SentSnapshot[]): Promise<void> {
  if (done.length === 0) return Promise.resolve();
  return documentLock.runAll(
    done.map((d) => lockKey(collection, d.id)),
    async () => {
      const fresh = done.filter((d) => !d.stale());
      const recheck = done.filter((d) => !fresh.includes(d));
      if (fresh.length) {
        const res = await withDbRetry(() =>
          collection.bulkWrite(
            fresh.map((d) => ({
              updateOne: {
                filter: { _id: d.id as never, version: d.snapshot.version },
                update: { $set: { outbox: [], outboxAt: null } },
              },
            })),
            { ordered: false },
          ),
        );
        // Which guard missed is not reported: read those again (rare: another replica wrote).
        if (res.matchedCount !== fresh.length) recheck.push(...fresh);
        else for (const d of fresh) noteSent(collection, d.id, d.snapshot.outbox);
      }
      for (const d of recheck) await finishLocked(collection, d.id, d.snapshot.outbox);
    },
  );
}

/** Under the document lock: empties what was sent, and keeps a remembered copy true. */
async function finishLocked(collection: Collection, id: unknown, sent: OutboxRecord[]): Promise<void> {
  await removeSent(collection, id, sent);
  noteSent(collection, id, sent);
}

/** A copy of the document this process remembers loses the records just removed. */
function noteSent(collection: Collection, id: unknown, sent: OutboxRecord[]): void {
  knownDocuments(collection)?.sent(id, new Set(sent.map((r) => r.messageId)));
}

async function removeSent(collection: Collection, id: unknown, sent: OutboxRecord[]): Promise<void> {
  const fresh = await withDbRetry(() =>
    collection.findOne({ _id: id as never }, { projection: { outbox: 1, outboxAt: 1, version: 1 } }),
  );
  if (!fresh) return;
  const outbox = (fresh.outbox ?? []) as OutboxRecord[];
  const sentIds = new Set(sent.map((r) => r.messageId));
  const stillThere = outbox.filter((r) => sentIds.has(r.messageId));
  if (stillThere.length === outbox.length) {
    if (outbox.length === 0 && fresh.outboxAt == null) return;
    const emptied = await withDbRetry(() =>
      collection.updateOne(
        { _id: id as never, version: fresh.version ?? 0 },
        { $set: { outbox: [], outboxAt: null } },
      ),
    );
    if (emptied.matchedCount === 1 || stillThere.length === 0) return;
  }
  if (stillThere.length === 0) return;
  // Exactly the stored records (as read back), so `$pullAll`'s equality matches them.
  await withDbRetry(() =>
    collection.updateOne({ _id: id as never }, { $pullAll: { outbox: stillThere } } as Document),
  );
}
