import type { Document } from 'mongodb';

/** A driver collection: this package's or the one mongoose bundles (their types differ). */
interface Scannable {
  find(filter: Document, options: { projection: Document; batchSize: number }): AsyncIterable<unknown>;
}

/** Documents per round trip of a scan. */
const SCAN_BATCH = 200;

/**
 * Visits every document of `collection` with only `fields`, one batch per round trip, until
 * `visit` returns false. For the rare jobs that must look at a whole collection (the relay's
 * recovery sweep, stale reservations, reconciliation). The test is made here, not in the
 * query: the local store serves only `_id` and unique indexes, so such a filter would read
 * the whole collection in one command anyway, holding the collection while it does; in
 * batches the service's other operations interleave.
 */
export async function scanFields<T extends Document>(
  collection: Scannable,
  fields: readonly (keyof T & string)[],
  visit: (doc: T) => unknown,
): Promise<void> {
  const projection = Object.fromEntries(fields.map((f) => [f, 1]));
  for await (const doc of collection.find({}, { projection, batchSize: SCAN_BATCH })) {
    if (visit(doc as T) === false) return;
  }
}
