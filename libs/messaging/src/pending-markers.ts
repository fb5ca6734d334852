import type { Collection, Document } from 'mongodb';
import { onlyDuplicateKeys, withDbRetry } from './db-retry.ts';
import { GroupWrite } from './group-write.ts';

/** "Aggregate `id` of collection `c` may have unsent messages", as of `at`. */
export interface PendingMarker {
  _id: string;
  c: string;
  id: unknown;
  at: Date;
}

/**
 * A small collection of markers the relay polls instead of the aggregates themselves.
 *
 * Why: a query such as `outboxAt ≠ null` needs a non-unique index, which the local store
 * does not serve (it reads the whole aggregate collection, which grows with history).
 * Markers stay few (one per aggregate with unsent messages, and none in the steady state:
 * a process's own writes reach its relay in memory), and the relay then reads each
 * aggregate by `_id`. Inserting is atomic (unique `_id`), so a marker that already exists
 * is simply kept.
 */
export class PendingMarkers {
  readonly collection: Collection<Document>;
  readonly #writes = new GroupWrite<{ collection: string; id: unknown }>((entries) => this.mark(entries));

  constructor(collection: Collection<Document>) {
    this.collection = collection;
  }

  /** A writer's marker after its aggregate write; concurrent writers share one insert. */
  markOne(collection: Collection, id: unknown): Promise<void> {
    return this.#writes.add({ collection: collection.collectionName, id });
  }

  /** Inserts the markers that do not exist yet; called AFTER the aggregate write. */
  async mark(entries: Array<{ collection: string; id: unknown }>, at = new Date()): Promise<void> {
    if (entries.length === 0) return;
    const docs = entries.map(({ collection, id }) => ({
      _id: markerId(collection, id),
      c: collection,
      id,
      at,
    }));
    try {
      await withDbRetry(() => this.collection.insertMany(docs as Document[], { ordered: false }));
    } catch (err) {
      if (!onlyDuplicateKeys(err)) throw err;
    }
  }

  /** The oldest markers of these collections. */
  oldest(collections: string[], limit: number): Promise<PendingMarker[]> {
    return withDbRetry(
      () =>
        this.collection
          .find({ c: { $in: collections } })
          .sort({ at: 1 })
          .limit(limit)
          .toArray() as Promise<unknown> as Promise<PendingMarker[]>,
    );
  }

  /** Deletes markers by `_id` (one write for the whole batch). */
  async remove(ids: string[]): Promise<void> {
    if (ids.length) await withDbRetry(() => this.collection.deleteMany({ _id: { $in: ids as never[] } }));
  }
}

export const markerId = (collection: string, id: unknown) => `${collection}:${String(id)}`;
