/**
 * Serialises writes to the same document within this process.
 *
 * Correctness does not rest on it: every aggregate write is guarded by `version`, which the
 * store makes atomic, so replicas in other processes are safe. What it saves is work: a
 * handler's write and this process's relay finishing the same document would otherwise
 * conflict and be tried again, and a snapshot the relay holds could be outdated by a write
 * it did not see (see LocalWrites.supersedes).
 */
export class DocumentLock {
  readonly #tails = new Map<string, Promise<void>>();

  async run<T>(key: string, fn: () => Promise<T>): Promise<T> {
    return this.runAll([key], fn);
  }

  /** Takes every key in sorted order (no deadlock between two multi-key holders), then runs `fn`. */
  async runAll<T>(keys: string[], fn: () => Promise<T>): Promise<T> {
    const releases: Array<() => void> = [];
    try {
      for (const key of [...new Set(keys)].sort()) releases.push(await this.#acquire(key));
      return await fn();
    } finally {
      for (const release of releases) release();
    }
  }

  async #acquire(key: string): Promise<() => void> {
    const previous = this.#tails.get(key) ?? Promise.resolve();
    const { promise: mine, resolve } = Promise.withResolvers<void>();
    const tail = previous.then(() => mine);
    this.#tails.set(key, tail);
    await previous;
    return () => {
      resolve();
      if (this.#tails.get(key) === tail) this.#tails.delete(key);
    };
  }
}

/** One per process: every store and relay of the process shares it. */
export const documentLock = new DocumentLock();

export const lockKey = (collection: { collectionName: string }, id: unknown) =>
  `${collection.collectionName}:${String(id)}`;
