import type { Collection, Document } from 'mongodb';

/**
 * The aggregates this process wrote last, as it wrote them, so that the next step on one
 * (the answer to the command it just emitted) tries its guarded write without reading the
 * document first: one round trip per message instead of two.
 *
 * Why it is safe: every `apply` bumps `version` and the write is guarded by it, so a
 * remembered document that another writer (a replica, an operator) changed since makes the
 * guard miss; the step then forgets it, reads the document and runs again. The one field
 * written without a version bump is the outbox, emptied by the relay: this process's relay
 * removes what it sent from the remembered copy too (`sent`, under the document lock). Only
 * a relay of another process (the recovery path, after this one's hand-over was lost) can
 * leave a remembered outbox listing a message already sent; the next write of this
 * process then hands it to its relay again, and consumers absorb the repeat in their inbox,
 * as after any redelivery.
 *
 * Opt in only for a collection written through `apply` alone (see
 * `Messaging.aggregate(model, { remember })`): a write that bypasses it would not bump
 * `version`, and the remembered copy would be wrong without the guard noticing.
 */
export class KnownDocuments {
  /** null: the document was read and was not there (its first write inserts). */
  readonly #docs = new Map<string, Document | null>();
  readonly #limit: number;

  constructor(limit: number) {
    this.#limit = limit;
  }

  get size(): number {
    return this.#docs.size;
  }

  /**
   * The document as this process last wrote or read it; null when it read that there was
   * none; undefined when it knows nothing of it.
   */
  get(id: unknown): Document | null | undefined {
    return this.#docs.get(String(id));
  }

  /** Remembers `doc` as written or read; the oldest entry goes when the limit is reached. */
  set(id: unknown, doc: Document | null): void {
    const key = String(id);
    this.#docs.delete(key);
    this.#docs.set(key, doc && { ...doc });
    if (this.#docs.size > this.#limit) this.#docs.delete(this.#docs.keys().next().value as string);
  }

  forget(id: unknown): void {
    this.#docs.delete(String(id));
  }

  /** The relay removed these messages from the stored outbox (call under the document lock). */
  sent(id: unknown, messageIds: ReadonlySet<string>): void {
    const doc = this.#docs.get(String(id));
    if (!doc) return;
    const outbox = ((doc.outbox ?? []) as { messageId: string }[]).filter(
      (r) => !messageIds.has(r.messageId),
    );
    doc.outbox = outbox;
    if (outbox.length === 0) doc.outboxAt = null;
  }
}

/** Documents remembered per collection with `remember: true` (about 1 KiB each). */
export const DEFAULT_REMEMBERED = 10_000;

/** One per collection of the process (its namespace), shared by the store and the relay. */
const registry = new Map<string, KnownDocuments>();

/** The collection's remembered documents, creating them with `limit` entries at most. */
export function rememberDocuments(collection: Collection, limit: number): KnownDocuments {
  const existing = registry.get(collection.namespace);
  if (existing) return existing;
  const known = new KnownDocuments(limit);
  registry.set(collection.namespace, known);
  return known;
}

/** The collection's remembered documents, if its store opted in. */
export function knownDocuments(collection: Collection): KnownDocuments | undefined {
  return registry.get(collection.namespace);
}
