import type { Collection } from 'mongodb';
import { onlyDuplicateKeys, withDbRetry } from './db-retry.ts';
import { GroupWrite } from './group-write.ts';

/**
 * Keys of messages a consumer has fully handled: `"<consumer>:<messageId>"` as `_id`, so the
 * server's unique `_id` index is the uniqueness guarantee. The atomic guard of an effect is
 * the key written with it (aggregate or standalone outbox); this collection is the fast path
 * that skips a duplicate before its handler runs at all.
 */
export class Inbox {
  readonly collection: Collection;
  // Handlers finishing together record their keys in one insert.
  readonly #marks = new GroupWrite<{ _id: string; at: Date }>(async (rows) => {
    try {
      await withDbRetry(() => this.collection.insertMany(rows as never[], { ordered: false }));
    } catch (err) {
      if (!onlyDuplicateKeys(err)) throw err;
    }
  });

  constructor(collection: Collection) {
    this.collection = collection;
  }

  async seen(key: string): Promise<boolean> {
    const found = await withDbRetry(() =>
      this.collection.findOne({ _id: key as never }, { projection: { _id: 1 } }),
    );
    return found !== null;
  }

  mark(key: string, now = new Date()): Promise<void> {
    return this.#marks.add({ _id: key, at: now });
  }
}
