import type { Collection, Document } from 'mongodb';
import { withDbRetry } from './db-retry.ts';
import { documentLock, lockKey } from './document-lock.ts';
import type { OutboxRecord } from './outbox-record.ts';

/**
 * Removes confirmed messages from a claimed document and releases the claim, without ever
 * touching `version`: handlers only `$push` to the outbox, so the two never conflict.
 *
 * Common case, one write: every message of the claim went out and nothing was pushed since
 * (same outbox size, claim still ours) → empty the outbox. Otherwise `$pullAll` exactly the
 * sent records, then clear `outboxAt` only if the outbox is empty at that moment.
 */
export function finishSent(collection: Collection, doc: Document, sent: OutboxRecord[]): Promise<void> {
  return documentLock.run(lockKey(collection, doc._id), async () => {
    const claimed = (doc.outbox ?? []) as OutboxRecord[];
    const ours = { _id: doc._id, outboxLeaseOwner: doc.outboxLeaseOwner };
    const release = { outboxLeaseOwner: null, outboxLeaseUntil: null };
    if (sent.length > 0 && sent.length === claimed.length) {
      const emptied = await withDbRetry(() =>
        collection.updateOne(
          { ...ours, outbox: { $size: claimed.length } },
          { $set: { outbox: [], outboxAt: null, ...release } },
        ),
      );
      if (emptied.matchedCount === 1) return;
    }
    const pull = sent.length ? { $pullAll: { outbox: sent } } : {};
    const res = await withDbRetry(() => collection.updateOne(ours, { ...pull, $set: release } as Document));
    // Claim taken over meanwhile (we were slower than the lease): still remove what we sent.
    if (res.matchedCount === 0 && sent.length) {
      await withDbRetry(() => collection.updateOne({ _id: doc._id }, pull as Document));
    }
    await withDbRetry(() =>
      collection.updateOne({ _id: doc._id, 'outbox.0': { $exists: false } }, { $set: { outboxAt: null } }),
    );
  });
}
