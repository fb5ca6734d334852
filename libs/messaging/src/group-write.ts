/**
 * Coalesces concurrent small writes into one: while a batch is being written, new items
 * queue up and go together in the next. A lone caller waits for nothing but its own write.
 *
 * Why: a round trip and the store's commit cost about the same for one row as for thirty,
 * so under load one `insertMany` of 30 keys costs about what one `insertOne` does.
 */
export class GroupWrite<T> {
  readonly #write: (items: T[]) => Promise<void>;
  readonly #max: number;
  #queue: Array<{ item: T; done: PromiseWithResolvers<void> }> = [];
  #busy = false;

  constructor(write: (items: T[]) => Promise<void>, max = 200) {
    this.#write = write;
    this.#max = max;
  }

  add(item: T): Promise<void> {
    const done = Promise.withResolvers<void>();
    this.#queue.push({ item, done });
    if (!this.#busy) void this.#drain();
    return done.promise;
  }

  async #drain(): Promise<void> {
    this.#busy = true;
    // Let the callers of this same tick join the first batch.
    await Promise.resolve();
    while (this.#queue.length > 0) {
      const batch = this.#queue.splice(0, this.#max);
      try {
        await this.#write(batch.map((b) => b.item));
        for (const b of batch) b.done.resolve();
      } catch (err) {
        for (const b of batch) b.done.reject(err);
      }
    }
    this.#busy = false;
  }
}
