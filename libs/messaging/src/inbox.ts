import type { Collection } from 'mongodb';
import { withDbRetry } from './db-retry.ts';

/**
 * Keys of messages a consumer has fully handled: `"<consumer>:<messageId>"` as `_id`, so the
 * server's unique `_id` index is the uniqueness guarantee. The atomic guard of an effect is
 * the key written with it (aggregate or standalone outbox); this collection is the fast path
 * that skips a duplicate before its handler runs at all.
 */
export class Inbox {
  readonly collection: Collection;

  constructor(collection: Collection) {
    this.collection = collection;
  }

  async seen(key: string): Promise<boolean> {
    const found = await withDbRetry(() =>
      this.collection.findOne({ _id: key as never }, { projection: { _id: 1 } }),
    );
    return found !== null;
  }

  async mark(key: string, now = new Date()): Promise<void> {
    try {
      await withDbRetry(() => this.collection.insertOne({ _id: key as never, at: now }));
    } catch (err) {
      if ((err as { code?: number }).code !== 11000) throw err;
    }
  }
}
