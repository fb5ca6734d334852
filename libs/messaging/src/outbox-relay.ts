import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Collection, Document } from 'mongodb';
import { documentLock, lockKey } from './document-lock.ts';
import { withDbRetry } from './db-retry.ts';
import { publishOptions } from './envelope.ts';
import { mapLimit } from './map-limit.ts';
import type { MessagingMetrics } from './metrics.ts';
import type { Names } from './names.ts';
import type { Logger, RelayOptions } from './options.ts';
import type { OutboxRecord } from './outbox-record.ts';
import type { ConfirmedPublisher } from './publisher.ts';
import { finishSent } from './relay-finish.ts';
import { withPublishSpan } from './tracing.ts';

export interface RelayDeps {
  publisher: ConfirmedPublisher;
  names: Names;
  options: Required<RelayOptions>;
  metrics: MessagingMetrics;
  logger: Logger;
  /** Test seam: runs after a document's messages are confirmed, before they are marked sent. */
  beforeMarkSent?: (doc: Document) => Promise<void> | void;
}

/**
 * Polls every registered collection for documents with unsent messages, claims a batch with
 * a lease (several replicas never work on the same document at once), publishes each
 * document's messages in order with confirms, then removes them from the document.
 */
export class OutboxRelay {
  readonly #deps: RelayDeps;
  readonly #sources = new Set<Collection>();
  #running = false;
  #loop: Promise<void> | null = null;
  #wake = Promise.withResolvers<void>();
  lastError: string | undefined;

  constructor(deps: RelayDeps) {
    this.#deps = deps;
  }

  get running(): boolean {
    return this.#running;
  }

  add(collection: Collection): void {
    this.#sources.add(collection);
  }

  /** Something was just written to an outbox: publish now instead of at the next poll. */
  nudge(): void {
    this.#wake.resolve();
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#loop = this.#run();
  }

  /** Stops polling, then flushes what is pending once more (best effort). */
  async stop(): Promise<void> {
    this.#running = false;
    this.nudge();
    await this.#loop;
    await this.flushOnce().catch(() => 0);
  }

  async #run(): Promise<void> {
    while (this.#running) {
      let published = 0;
      try {
        published = await this.flushOnce();
        this.lastError = undefined;
      } catch (err) {
        this.lastError = (err as Error).message;
        this.#deps.logger.warn({ err: this.lastError }, 'outbox relay round failed');
      }
      if (published > 0 || !this.#running) continue;
      await Promise.race([sleep(this.#deps.options.pollMs), this.#wake.promise]);
      this.#wake = Promise.withResolvers<void>();
    }
  }

  /** One round over every source; returns how many messages were confirmed. */
  async flushOnce(): Promise<number> {
    let total = 0;
    let oldest: number | undefined;
    for (const collection of this.#sources) {
      const docs = await this.#claim(collection);
      for (const d of docs) oldest = Math.min(oldest ?? Infinity, new Date(d.outboxAt).getTime());
      const sent = await Promise.all(docs.map((doc) => this.#publishDocument(doc)));
      await mapLimit(docs, this.#deps.options.writeConcurrency, (doc, i) =>
        finishSent(collection, doc, sent[i]!),
      );
      total += sent.reduce((a, b) => a + b.length, 0);
    }
    this.#deps.metrics.outboxLag.set(oldest === undefined ? 0 : Math.max(0, (Date.now() - oldest) / 1000));
    return total;
  }

  async #claim(collection: Collection): Promise<Document[]> {
    const now = new Date();
    const claimable = {
      outboxAt: { $ne: null },
      $or: [{ outboxLeaseUntil: null }, { outboxLeaseUntil: { $lt: now } }],
    };
    const { batchSize, leaseMs } = this.#deps.options;
    const candidates = await collection
      .find(claimable, { projection: { _id: 1 } })
      .sort({ outboxAt: 1 })
      .limit(batchSize)
      .toArray();
    if (candidates.length === 0) return [];
    const token = randomUUID();
    const ids = candidates.map((c) => c._id);
    const lease = { $set: { outboxLeaseOwner: token, outboxLeaseUntil: new Date(now.getTime() + leaseMs) } };
    // One update per document (each under its lock): a multi-document update is not one
    // atomic step on FerretDB anyway, and a busy retry then repeats only that document.
    await mapLimit(ids, this.#deps.options.writeConcurrency, (id) =>
      documentLock.run(lockKey(collection, id), () =>
        withDbRetry(() => collection.updateOne({ _id: id, ...claimable }, lease)),
      ),
    );
    return collection.find({ _id: { $in: ids }, outboxLeaseOwner: token }).toArray();
  }

  /** Sequential per document: message n+1 goes out only once n is confirmed (per-order order). */
  async #publishDocument(doc: Document): Promise<OutboxRecord[]> {
    const records = (doc.outbox ?? []) as OutboxRecord[];
    let sent = 0;
    try {
      for (const record of records) {
        await this.#publish(record);
        sent++;
      }
    } catch (err) {
      this.lastError = (err as Error).message;
      this.#deps.logger.warn(
        { err: this.lastError, id: String(doc._id) },
        'outbox publish failed; kept for later',
      );
    }
    if (sent > 0) await this.#deps.beforeMarkSent?.(doc);
    return records.slice(0, sent);
  }

  #publish(record: OutboxRecord): Promise<void> {
    const { names, publisher, metrics } = this.#deps;
    const exchange = record.kind === 'command' ? names.commands : names.events;
    return withPublishSpan(record, exchange, async (traceHeaders) => {
      await publisher.publish(
        exchange,
        record.type,
        Buffer.from(record.body),
        publishOptions(record, traceHeaders),
      );
      metrics.published.inc({ type: record.type });
    });
  }
}
