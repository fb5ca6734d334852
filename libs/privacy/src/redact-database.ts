import { mentions, personalValues, scrubPersonal } from './scrub.ts';

// The few driver calls used, structurally (a mongoose connection's `db` fits), so the library
// needs no driver of its own.
type Doc = Record<string, unknown> & { _id?: unknown };
interface Coll {
  find(filter: object, options?: { batchSize?: number }): AsyncIterable<Doc>;
  findOne(filter: object): Promise<Doc | null>;
  replaceOne(filter: object, doc: Doc): Promise<{ matchedCount: number }>;
  deleteOne(filter: object): Promise<unknown>;
}
export interface RedactableDb {
  listCollections(): { toArray(): Promise<{ name: string; type?: string }[]> };
  collection(name: string): Coll;
}

export interface RedactionTarget {
  orderIds: readonly string[];
  /** Collections left alone (e.g. the service's own redaction records). */
  skip?: readonly string[];
}

const BATCH = 200;
const GUARD_RETRIES = 5;

/**
 * Removes the personal data of some orders from every collection of a service's database.
 * First pass: the personal values held in any document that mentions one of the orders.
 * Second pass: every document that mentions an order or holds one of those values is
 * rewritten with them replaced (scrubPersonal); a document whose id holds one is deleted.
 * Idempotent: a second run finds nothing to change. Reads every collection in batches: a
 * compliance request is rare and may not know where else a value was copied.
 *
 * A document carrying a `version` (an aggregate) is written under `{ _id, version }` with the
 * version bumped, so a copy another step holds in memory misses its guard and reads again.
 * Returns the number of documents changed.
 */
export async function redactDatabase(db: RedactableDb, target: RedactionTarget): Promise<number> {
  const ids = new Set(target.orderIds);
  if (!ids.size) return 0;
  const skip = new Set(target.skip ?? []);
  const names = (await db.listCollections().toArray())
    .filter((c) => c.type !== 'view' && !c.name.startsWith('system.') && !skip.has(c.name))
    .map((c) => c.name);
  const known = new Set<string>();
  for (const name of names)
    for await (const doc of db.collection(name).find({}, { batchSize: BATCH }))
      if (mentions(doc, ids)) personalValues(doc, known);
  const values = [...known];
  let changed = 0;
  for (const name of names) {
    const coll = db.collection(name);
    for await (const doc of coll.find({}, { batchSize: BATCH }))
      if (mentions(doc, ids, values)) changed += await redactOne(coll, doc, values);
  }
  return changed;
}

async function redactOne(coll: Coll, first: Doc, values: string[]): Promise<number> {
  let doc: Doc | null = first;
  for (let attempt = 0; doc && attempt < GUARD_RETRIES; attempt++) {
    if (typeof doc._id === 'string' && scrubPersonal(doc._id, values).changed) {
      await coll.deleteOne({ _id: doc._id });
      return 1;
    }
    const { doc: clean, changed } = scrubPersonal(doc, values);
    if (!changed) return 0;
    const version = typeof doc.version === 'number' ? doc.version : undefined;
    const guard = version === undefined ? { _id: doc._id } : { _id: doc._id, version };
    const next = version === undefined ? clean : { ...clean, version: version + 1 };
    if ((await coll.replaceOne(guard, next)).matchedCount === 1) return 1;
    doc = await coll.findOne({ _id: doc._id }); // written meanwhile: scrub the newer copy
  }
  if (doc) throw new Error(`redaction kept losing the race on a document of ${String(doc._id)}`);
  return 0;
}
