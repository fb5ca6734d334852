import type { Collection } from 'mongodb';
import type { OutboxRecord } from './outbox-record.ts';
import { markerId } from './pending-markers.ts';

/** The outbox of one document exactly as this process wrote it, under the document lock. */
export interface OutboxSnapshot {
  version: number;
  outbox: OutboxRecord[];
}

/** A document this process wrote messages to; without a snapshot the relay reads it first. */
export interface LocalWrite {
  key: string;
  collection: string;
  id: unknown;
  snapshot?: OutboxSnapshot;
}

/**
 * Documents this process has just written messages to, for the relay's next round.
 *
 * Why: the durable path (a pending marker inserted, polled, deleted, then the document read
 * again) costs four database operations per write that the writing process does not need: it
 * knows what it wrote. Losing this set in a crash loses nothing, because the relay's sweep
 * re-marks every document still holding messages at start (and, when a relay stopped
 * beating without a restart, from another running relay).
 *
 * `note` must be called under the document lock, right after the write, so that a snapshot
 * here is never older than the document (see `supersedes`).
 */
export class LocalWrites {
  readonly #pending = new Map<string, LocalWrite>();

  get size(): number {
    return this.#pending.size;
  }

  note(collection: Collection, id: unknown, snapshot?: OutboxSnapshot): void {
    const key = markerId(collection.collectionName, id);
    this.#pending.set(key, { key, collection: collection.collectionName, id, snapshot });
  }

  /** Removes and returns up to `limit` entries, oldest first. */
  take(limit: number): LocalWrite[] {
    const taken: LocalWrite[] = [];
    for (const entry of this.#pending.values()) {
      if (taken.length >= limit) break;
      taken.push(entry);
    }
    for (const entry of taken) this.#pending.delete(entry.key);
    return taken;
  }

  /**
   * Puts back entries a round took but could not finish nor mark (the database refused the
   * marker too), so the next round retries them instead of leaving them to the sweep. An
   * entry the document got since wins; a put-back one loses its snapshot (part of it may
   * have been published) and is read first.
   */
  restore(entries: readonly LocalWrite[]): void {
    for (const entry of entries) {
      if (this.#pending.has(entry.key)) continue;
      this.#pending.set(entry.key, { key: entry.key, collection: entry.collection, id: entry.id });
    }
  }

  /**
   * Whether the document was written again since `entry` was taken (call under its lock).
   * If so its newer snapshot may list records this round has already published and removed,
   * so it is downgraded to "read the document first" to avoid publishing them twice.
   */
  supersedes(entry: LocalWrite): boolean {
    const newer = this.#pending.get(entry.key);
    if (!newer) return false;
    newer.snapshot = undefined;
    return true;
  }
}
