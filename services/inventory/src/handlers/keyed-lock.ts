/**
 * Runs tasks of one key one after another inside this process (tasks of other keys run
 * freely). Across replicas the compare-and-swap on Shopify keeps stock right; this only
 * stops a replica from racing itself into needless CHANGE_FROM_QUANTITY_STALE retries.
 */
export function createKeyedLock() {
  const tails = new Map<string, Promise<unknown>>();
  return {
    run<T>(key: string, task: () => Promise<T>): Promise<T> {
      const previous = tails.get(key) ?? Promise.resolve();
      const result = previous.then(task, task);
      const tail = result.catch(() => {});
      tails.set(key, tail);
      void tail.then(() => {
        if (tails.get(key) === tail) tails.delete(key);
      });
      return result;
    },
    size: () => tails.size,
  };
}

export type KeyedLock = ReturnType<typeof createKeyedLock>;
