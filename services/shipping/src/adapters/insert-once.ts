/**
 * Inserts `doc`; a duplicate `_id` (code 11000) means it is already there, which is all the
 * caller wants. An insert is the one write FerretDB makes atomic (docs/ARCHITECTURE.md §6).
 */
export async function insertOnce(collection: { insertOne(doc: never): Promise<unknown> }, doc: object) {
  try {
    await collection.insertOne(doc as never);
    return true;
  } catch (err) {
    if ((err as { code?: number }).code !== 11000) throw err;
    return false;
  }
}
