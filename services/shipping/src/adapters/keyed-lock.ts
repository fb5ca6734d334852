/**
 * Runs tasks of one key one after another in this process. FerretDB v1 (SQLite) does not
 * apply concurrent updates of one document atomically — two `updateOne({ _id, version })`
 * can both match — so every write to a shipment goes through here, one order at a time.
 */
export function createKeyedLock() {
  const tails = new Map<string, Promise<unknown>>();
  return {
    run<T>(key: string, task: () => Promise<T>): Promise<T> {
      const result = (tails.get(key) ?? Promise.resolve()).then(task, task);
      const tail = result.catch(() => {});
      tails.set(key, tail);
      void tail.then(() => {
        if (tails.get(key) === tail) tails.delete(key);
      });
      return result;
    },
  };
}

export type KeyedLock = ReturnType<typeof createKeyedLock>;
