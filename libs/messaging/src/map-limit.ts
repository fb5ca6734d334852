/**
 * Maps with at most `limit` calls in flight. The relay writes one document at a time per
 * slot: SQLite-backed servers answer a burst of concurrent writers with "database is
 * locked", so a few steady writers finish a batch sooner than hundreds of retrying ones.
 */
export async function mapLimit<T, R>(
  items: T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < items.length; i = next++) results[i] = await fn(items[i]!, i);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
