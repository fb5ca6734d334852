import { isDeepStrictEqual } from 'node:util';
import type { Collection, Document } from 'mongodb';
import type { HydratedDocument, Model } from 'mongoose';
import type { InboxMark } from './aggregate-plugin.ts';
import { OWNED_FIELDS } from './aggregate-plugin.ts';
import { withDbRetry } from './db-retry.ts';
import { documentLock, lockKey } from './document-lock.ts';
import { AggregateNotFound, VersionConflictPersisted } from './errors.ts';
import type { KnownDocuments } from './known-documents.ts';
import type { OutboxSnapshot } from './local-writes.ts';
import {
  type OutboxRecord,
  type OutgoingMessage,
  type RecordDefaults,
  toOutboxRecord,
} from './outbox-record.ts';

export type Mutate<T> = (
  doc: HydratedDocument<T>,
) => OutgoingMessage[] | undefined | Promise<OutgoingMessage[] | undefined>;

export interface ApplyOptions<T> {
  /** Idempotency key; or give `consumer` + `messageId`. Without either, no dedup. */
  key?: string;
  consumer?: string;
  messageId?: string;
  create?: () => Partial<T>;
  /**
   * The document is most likely new (the first message of its kind for this id): insert
   * first instead of reading; if it exists after all, the insert collides and the step
   * reads and runs on it. One round trip saved for a new document, one spent for an old one.
   */
  likelyNew?: boolean;
  mutate: Mutate<T>;
  /** Defaults for emitted messages (correlation and causation ids). */
  defaults?: RecordDefaults;
}

export interface ApplyResult<T> {
  /** False when the key was already recorded: nothing was changed or emitted. */
  applied: boolean;
  doc: HydratedDocument<T> | null;
}

/** Writes state change + outgoing messages + inbox key of one aggregate atomically. */
export interface AggregateStore<T = unknown> {
  readonly model: Model<T>;
  readonly collection: Collection;
  apply(id: string, options: ApplyOptions<T>): Promise<ApplyResult<T>>;
  /**
   * A copy of the document as this process last wrote or read it, when the store remembers
   * it (null: it read that there was none; undefined: it knows nothing), for a handler's
   * look before `apply` without a read. It may be older than the stored one (another
   * replica wrote since), never newer: `apply` then misses its guard and runs the step on
   * the fresh document. Decide on it only what an older state decides safely (the fact it
   * shows stays true), and `read` when what it lacks could be there.
   */
  remembered(id: string): T | null | undefined;
  /**
   * The document as stored now (null when absent). A store that remembers keeps what it
   * read, so the `apply` that follows starts from it instead of reading again.
   */
  read(id: string): Promise<T | null>;
}

const MAX_ATTEMPTS = 20;

/**
 * `onEmit` runs under the document lock right after a write that left messages in the outbox,
 * with the outbox as written.
 */
export type OnEmit = (collection: Collection, id: unknown, snapshot?: OutboxSnapshot) => void | Promise<void>;

/**
 * `known`: documents this process wrote, tried without a read first (see known-documents.ts);
 * a guard that misses forgets the document and the next attempt reads it.
 */
export function createAggregateStore<T>(
  model: Model<T>,
  onEmit: OnEmit = () => {},
  known?: KnownDocuments,
): AggregateStore<T> {
  const collection = model.collection as unknown as Collection;
  return {
    model,
    collection,
    remembered(id) {
      const doc = known?.get(id);
      return doc && (structuredClone(doc) as T);
    },
    async read(id) {
      const doc = await withDbRetry(() => collection.findOne({ _id: id as never }));
      // A read that a write of this process overtook (its answer was on the way) is older
      // than what the write left remembered: keep the newer.
      const mine = known?.get(id);
      const newer = mine === undefined || (doc !== null && (doc.version ?? 0) >= (mine?.version ?? 0));
      if (newer) known?.set(id, doc);
      return doc && (structuredClone(doc) as T);
    },
    async apply(id, options) {
      const key =
        options.key ?? (options.consumer && options.messageId && `${options.consumer}:${options.messageId}`);
      for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
        const [result, noted] = await documentLock.run(lockKey(collection, id), async () => {
          const first = attempt === 1;
          const tried = await withDbRetry(() =>
            tryApply(model, collection, id, key || undefined, options, known, first),
          );
          const emitted = tried !== 'conflict' && tried.emitted;
          return [tried, emitted ? onEmit(collection, id, tried.snapshot) : undefined] as const;
        });
        await noted;
        if (result === 'conflict') continue;
        return { applied: result.applied, doc: result.doc };
      }
      throw new VersionConflictPersisted(collection.collectionName, id, MAX_ATTEMPTS);
    },
  };
}

type Attempt<T> =
  | 'conflict'
  | { applied: boolean; emitted: boolean; doc: HydratedDocument<T> | null; snapshot?: OutboxSnapshot };

async function tryApply<T>(
  model: Model<T>,
  collection: Collection,
  id: string,
  key: string | undefined,
  options: ApplyOptions<T>,
  known: KnownDocuments | undefined,
  first: boolean,
): Promise<Attempt<T>> {
  const mine = known?.get(id);
  const remembered =
    mine !== undefined ? mine : first && options.likelyNew && options.create ? null : undefined;
  // Known absent only counts where the step may create: insertIfAbsent then checks it.
  const stored =
    remembered === undefined || (remembered === null && !options.create)
      ? await collection.findOne({ _id: id as never })
      : remembered;
  const seen = (stored?.inbox as InboxMark[] | undefined)?.some((m) => m.key === key);
  // A repeat leaves the messages it finds unsent to the relay of the process that wrote them
  // (alive: it is publishing them; dead: the sweep of its restart, or of another relay once
  // its beat stops). Handing them over again would publish them twice across replicas.
  if (stored && key && seen) return { applied: false, emitted: false, doc: model.hydrate(stored) };
  if (!stored && !options.create) throw new AggregateNotFound(collection.collectionName, id);

  const doc = stored ? model.hydrate(stored) : new model({ ...options.create?.(), _id: id });
  let outgoing: OutgoingMessage[];
  try {
    outgoing = (await options.mutate(doc)) ?? [];
    await doc.validate();
  } catch (err) {
    // A step refused by the remembered copy may be refused only because the copy is old
    // (another replica moved the document on): forget it, read, and let the step decide
    // again on the stored document. A refusal of the stored one stands.
    if (remembered === undefined) throw err;
    known?.forget(id);
    return 'conflict';
  }
  const now = new Date();
  const records = outgoing.map((m) => toOutboxRecord(m, { correlationId: id, now, ...options.defaults }));
  const next = withOwnedFields(
    doc.toObject({ depopulate: true, virtuals: false }),
    stored,
    records,
    key,
    now,
  );

  const written = stored
    ? await updateIfUnchanged(collection, stored, next, records)
    : await insertIfAbsent(collection, next);
  if (!written) {
    known?.forget(id);
    return 'conflict';
  }
  known?.set(id, next);
  const snapshot = { version: next.version as number, outbox: next.outbox as OutboxRecord[] };
  return { applied: true, emitted: records.length > 0, doc: model.hydrate(next), snapshot };
}

function withOwnedFields(
  obj: Document,
  stored: Document | null,
  records: OutboxRecord[],
  key: string | undefined,
  now: Date,
): Document {
  const outbox = [...((stored?.outbox as OutboxRecord[] | undefined) ?? []), ...records];
  const inbox = [...((stored?.inbox as InboxMark[] | undefined) ?? []), ...(key ? [{ key, at: now }] : [])];
  return {
    ...obj,
    version: ((stored?.version as number | undefined) ?? 0) + 1,
    outbox,
    outboxAt: outbox.length ? (stored?.outboxAt ?? now) : null,
    inbox,
  };
}

/**
 * Only what changed goes in the update, under the version guard: a field equal to the stored
 * one is left out, an array that only grew at its end (a timeline, the inbox keys) gets its
 * new tail `$push`ed, anything else is `$set`. So an order's history is appended, never
 * rewritten on every step. New messages are `$push`ed too; the outbox is never overwritten:
 * the relay removes sent messages without touching the version, so relay and handlers never
 * conflict with each other.
 */
async function updateIfUnchanged(
  collection: Collection,
  stored: Document,
  next: Document,
  records: OutboxRecord[],
): Promise<boolean> {
  const { _id, outbox: _b, outboxAt: _a, ...fields } = next;
  const $set: Document = {};
  const $push: Document = {};
  for (const [field, value] of Object.entries(fields)) {
    const before = stored[field];
    if (isDeepStrictEqual(before, value)) continue;
    const tail = appendedTail(before, value);
    if (tail) $push[field] = { $each: tail };
    else $set[field] = value;
  }
  if (records.length) {
    $set.outboxAt = next.outboxAt;
    $push.outbox = { $each: records };
  }
  const $unset = Object.fromEntries(
    Object.keys(stored)
      .filter((f) => !(f in next) && !OWNED_FIELDS.includes(f))
      .map((f) => [f, '']),
  );
  const update: Document = { $set };
  if (Object.keys($push).length) update.$push = $push;
  if (Object.keys($unset).length) update.$unset = $unset;
  const res = await collection.updateOne({ _id, version: stored.version ?? 0 }, update);
  return res.matchedCount === 1;
}

/** The new elements when `after` is `before` with elements added at its end; else undefined. */
export function appendedTail(before: unknown, after: unknown): unknown[] | undefined {
  if (!Array.isArray(before) || !Array.isArray(after) || after.length <= before.length) return undefined;
  for (let i = 0; i < before.length; i++) if (!isDeepStrictEqual(before[i], after[i])) return undefined;
  return after.slice(before.length);
}

async function insertIfAbsent(collection: Collection, next: Document): Promise<boolean> {
  try {
    await collection.insertOne(next);
    return true;
  } catch (err) {
    if ((err as { code?: number }).code === 11000) return false;
    throw err;
  }
}
