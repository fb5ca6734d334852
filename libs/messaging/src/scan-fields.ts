import type { Document } from 'mongodb';

/** A driver collection: this package's or the one mongoose bundles (their types differ). */
interface Scannable {
  find(filter: Document, options: { projection: Document; batchSize: number }): AsyncIterable<unknown>;
}

/** Documents per round trip of a scan. */
const SCAN_BATCH = 200;

/**
 * Visits every document of `collection` with only `fields`, one batch per round trip, until
 * `visit` returns false. The test is made here, not in the query: on FerretDB any filter but a
 * lone `_id` reads the whole collection in one command, and a service has one connection, so
 * every other operation of the service waits behind it (~10 s at 6,000 orders). Between
 * batches they get their turn. For the jobs that must look at a whole collection; on MongoDB
 * an index would serve their filter instead.
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
