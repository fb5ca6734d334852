import type { AnyBulkWriteOperation, Collection, Document } from 'mongodb';
import { withDbRetry } from './db-retry.ts';
import type { OutboxRecord } from './outbox-record.ts';

/**
 * Removes confirmed messages from claimed documents and releases the claims, without ever
 * touching `version`: handlers only `$push` to the outbox, so the two never conflict.
 *
 * Common case, one write: every message of the claim went out and nothing was pushed since
 * (same outbox size, claim still ours) → empty the outbox. Otherwise `$pullAll` exactly the
 * sent records, then clear `outboxAt` only if the outbox is empty at that moment.
 */
export async function finishBatch(collection: Collection, docs: Document[], sent: OutboxRecord[][]) {
  const complete = docs.filter(
    (doc, i) => sent[i]!.length > 0 && sent[i]!.length === (doc.outbox ?? []).length,
  );
  if (complete.length) {
    const ops: AnyBulkWriteOperation[] = complete.map((doc) => ({
      updateOne: {
        filter: {
          _id: doc._id,
          outboxLeaseOwner: doc.outboxLeaseOwner,
          outbox: { $size: doc.outbox.length },
        },
        update: { $set: { outbox: [], outboxAt: null, outboxLeaseOwner: null, outboxLeaseUntil: null } },
      },
    }));
    const result = await withDbRetry(() => collection.bulkWrite(ops, { ordered: false }));
    if (result.matchedCount === docs.length) return;
  }
  const ids = docs.map((d) => d._id);
  const fresh = await collection.find({ _id: { $in: ids } }, { projection: { outbox: 1 } }).toArray();
  const left = new Map(fresh.map((d) => [String(d._id), (d.outbox ?? []) as OutboxRecord[]]));
  for (const [i, doc] of docs.entries()) {
    const sentIds = new Set(sent[i]!.map((r) => r.messageId));
    const stillThere = (left.get(String(doc._id)) ?? []).some((r) => sentIds.has(r.messageId));
    const claimHeld = left.has(String(doc._id)) && (sent[i]!.length === 0 || stillThere);
    if (claimHeld) await finishOne(collection, doc, sent[i]!);
  }
}

async function finishOne(collection: Collection, doc: Document, sent: OutboxRecord[]): Promise<void> {
  const pull = sent.length ? { $pullAll: { outbox: sent } } : {};
  const release = { $set: { outboxLeaseOwner: null, outboxLeaseUntil: null } };
  const ours = { _id: doc._id, outboxLeaseOwner: doc.outboxLeaseOwner };
  const res = await withDbRetry(() => collection.updateOne(ours, { ...pull, ...release } as Document));
  // Claim taken over meanwhile (we were slower than the lease): still remove what we sent.
  if (res.matchedCount === 0 && sent.length) {
    await withDbRetry(() => collection.updateOne({ _id: doc._id }, pull as Document));
  }
  await withDbRetry(() =>
    collection.updateOne({ _id: doc._id, 'outbox.0': { $exists: false } }, { $set: { outboxAt: null } }),
  );
}
