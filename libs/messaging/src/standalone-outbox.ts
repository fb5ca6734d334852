import type { Collection } from 'mongodb';
import type { OnEmit } from './aggregate-store.ts';
import { withDbRetry } from './db-retry.ts';
import { type OutgoingMessage, type RecordDefaults, toOutboxRecord } from './outbox-record.ts';

/** Outbox for code that emits without an aggregate (webhook intake, notifications). */
export interface StandaloneOutbox {
  readonly collection: Collection;
  /**
   * Stores the messages under `key` in one insert; the same key again is a no-op, so a
   * redelivered webhook or message emits once. Returns false for such a duplicate.
   */
  enqueue(key: string, messages: OutgoingMessage[], defaults?: RecordDefaults): Promise<boolean>;
}

/**
 * A row has the same shape as an aggregate's owned fields, so one relay serves both; the
 * row stays (empty outbox) after sending, to keep the key, until `cleanup` removes it.
 */
export function createStandaloneOutbox(collection: Collection, onEmit: OnEmit): StandaloneOutbox {
  return {
    collection,
    async enqueue(key, messages, defaults = {}) {
      const now = new Date();
      const outbox = messages.map((m) => toOutboxRecord(m, { now, ...defaults }));
      try {
        const row = {
          _id: key as never,
          createdAt: now,
          version: 0,
          outbox,
          outboxAt: outbox.length ? now : null,
          inbox: [],
        };
        await withDbRetry(() => collection.insertOne(row));
      } catch (err) {
        if ((err as { code?: number }).code !== 11000) throw err;
        // A repeat: the process that inserted the row relays it (or, dead, the sweep of its
        // restart or of another relay); handing it over again would publish it twice.
        return false;
      }
      // A new row: nobody else can have written to it yet, so no lock is needed here.
      if (outbox.length) await onEmit(collection, key, { version: 0, outbox });
      return true;
    },
  };
}
