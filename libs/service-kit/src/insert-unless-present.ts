/**
 * Inserts `doc`; false when its `_id` is already there (a duplicate key, code 11000). The
 * unique index decides races: an insert is the one write FerretDB makes atomic
 * (docs/ARCHITECTURE.md §6), so services settle "who goes first" with it.
 */
export async function insertUnlessPresent(
  collection: { insertOne(doc: never): Promise<unknown> },
  doc: object,
): Promise<boolean> {
  try {
    await collection.insertOne(doc as never);
    return true;
  } catch (err) {
    if ((err as { code?: number }).code === 11000) return false;
    throw err;
  }
}
