import type { Collection, Document, MongoClient } from 'mongodb';

const ferretByClient = new WeakMap<MongoClient | object, Promise<boolean>>();

/** The driver's collection, also when given mongoose's wrapper (`model.collection`). */
function native(collection: Collection): Collection {
  const inner = (collection as unknown as { collection?: Collection }).collection;
  return inner?.db ? inner : collection;
}

/** Whether the server behind this collection is FerretDB (its buildInfo says so); asked once per client. */
export function isFerretDb(collection: Collection): Promise<boolean> {
  const db = native(collection).db;
  const client = db.client ?? db;
  let known = ferretByClient.get(client);
  if (!known) {
    known = db
      .admin()
      .command({ buildInfo: 1 })
      .then((info) => 'ferretdbVersion' in info)
      .catch(() => false);
    ferretByClient.set(client, known);
  }
  return known;
}

/**
 * The filter of a version-guarded write. On MongoDB, `{ _id, version }` makes the write
 * atomic against other writers. FerretDB v1 cannot honour that guard (its updates are a
 * read-modify-write, measured in docs/ARCHITECTURE.md §6) and pushes down only a lone `_id`
 * filter: with the version in it, every write scans the collection (~100 ms at a few
 * thousand orders). There the in-process document lock is what serialises writers, so the
 * filter is the `_id` alone.
 */
export async function versionGuard(collection: Collection, _id: unknown, version: number): Promise<Document> {
  return (await isFerretDb(collection)) ? { _id } : { _id, version };
}
