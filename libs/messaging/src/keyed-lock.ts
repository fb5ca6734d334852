/**
 * Runs the tasks of one key one after another inside this process, in arrival order; tasks
 * of other keys run freely. A task that fails releases its key like one that succeeds, and
 * its failure reaches only its own caller.
 *
 * It never makes anything correct across processes (that is the store's version guard or the
 * provider's compare-and-swap); it stops one process from racing itself into conflicts it
 * would then retry.
 */
export class KeyedLock {
  readonly #tails = new Map<string, Promise<void>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    return this.runAll([key], task);
  }

  /** Takes every key in sorted order (no deadlock between two multi-key holders), then runs `task`. */
  async runAll<T>(keys: string[], task: () => Promise<T>): Promise<T> {
    const releases: Array<() => void> = [];
    try {
      for (const key of [...new Set(keys)].sort()) releases.push(await this.#acquire(key));
      return await task();
    } finally {
      for (const release of releases) release();
    }
  }

  /** How many keys are held or waited for (0 when idle: released keys are forgotten). */
  get size(): number {
    return this.#tails.size;
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
