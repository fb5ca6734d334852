import { KeyedLock } from './keyed-lock.ts';

/**
 * Serialises writes to the same document within this process. One per process: every store
 * and relay of the process shares it.
 *
 * Correctness does not rest on it: every aggregate write is guarded by `version`, which the
 * store makes atomic, so replicas in other processes are safe. What it saves is work: a
 * handler's write and this process's relay finishing the same document would otherwise
 * conflict and be tried again, and a snapshot the relay holds could be outdated by a write
 * it did not see (see LocalWrites.supersedes).
 */
export const documentLock = new KeyedLock();

export const lockKey = (collection: { collectionName: string }, id: unknown) =>
  `${collection.collectionName}:${String(id)}`;
