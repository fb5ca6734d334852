import type { Collection, Document } from 'mongodb';
import { withDbRetry } from './db-retry.ts';
import { documentLock, lockKey } from './document-lock.ts';
import type { OutboxSnapshot } from './local-writes.ts';
import type { OutboxRecord } from './outbox-record.ts';
import { versionGuard } from './version-guard.ts';

/**
 * Removes confirmed messages from a document in one update, without touching `version`.
 *
 * Under the document lock it re-reads the document by `_id` (cheap) so that its write
 * matches: on FerretDB an update matching nothing reads the whole collection, and filters
 * like `$size` or `outbox.0` triple an update's cost (measured). When the outbox holds only
 * sent records it is emptied, guarded by `version`: every `apply` bumps it, so on MongoDB a
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

/**
 * The same for a document this process wrote and nobody wrote since (`stale()` is false
 * under the lock): its outbox is the snapshot, all of it sent, so one guarded update empties
 * it without reading it first. On MongoDB the `version` guard catches another replica's
 * write; then, or when `stale()`, it falls back to `finishSent`'s read.
 */
export function finishSnapshot(
  collection: Collection,
  id: unknown,
  snapshot: OutboxSnapshot,
  stale: () => boolean,
): Promise<void> {
  return documentLock.run(lockKey(collection, id), async () => {
    if (!stale()) {
      const guard = await versionGuard(collection, id, snapshot.version);
      const emptied = await withDbRetry(() =>
        collection.updateOne(guard, { $set: { outbox: [], outboxAt: null } }),
      );
      if (emptied.matchedCount === 1) return;
    }
    await finishLocked(collection, id, snapshot.outbox);
  });
}

async function finishLocked(collection: Collection, id: unknown, sent: OutboxRecord[]): Promise<void> {
  const fresh = await withDbRetry(() =>
    collection.findOne({ _id: id as never }, { projection: { outbox: 1, outboxAt: 1, version: 1 } }),
  );
  if (!fresh) return;
  const outbox = (fresh.outbox ?? []) as OutboxRecord[];
  const sentIds = new Set(sent.map((r) => r.messageId));
  const stillThere = outbox.filter((r) => sentIds.has(r.messageId));
  if (stillThere.length === outbox.length) {
    if (outbox.length === 0 && fresh.outboxAt == null) return;
    const guard = await versionGuard(collection, id, fresh.version ?? 0);
    const emptied = await withDbRetry(() =>
      collection.updateOne(guard, { $set: { outbox: [], outboxAt: null } }),
    );
    if (emptied.matchedCount === 1 || stillThere.length === 0) return;
  }
  if (stillThere.length === 0) return;
  // Exactly the stored records (as read back), so `$pullAll`'s equality matches them.
  await withDbRetry(() =>
    collection.updateOne({ _id: id as never }, { $pullAll: { outbox: stillThere } } as Document),
  );
}
