import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Collection, Document } from 'mongodb';
import { withDbRetry } from './db-retry.ts';
import { publishOptions } from './envelope.ts';
import { mapLimit } from './map-limit.ts';
import type { MessagingMetrics } from './metrics.ts';
import type { Names } from './names.ts';
import { type LocalWrite, LocalWrites, type OutboxSnapshot } from './local-writes.ts';
import type { Logger, RelayOptions } from './options.ts';
import type { OutboxRecord } from './outbox-record.ts';
import type { PendingMarkers } from './pending-markers.ts';
import type { ConfirmedPublisher } from './publisher.ts';
import { finishSent, finishSnapshots, type SentSnapshot } from './relay-finish.ts';
import { scanFields } from './scan-fields.ts';
import { withPublishSpan } from './tracing.ts';

/** The longest gap between two polls of the pending markers while they find none. */
export const IDLE_MARKER_POLL_MS = 5_000;

/** A running relay's heartbeat: `at` is renewed every `heartbeatMs`. */
export interface RelayBeat {
  _id: string;
  at: Date;
}

export interface RelayDeps {
  publisher: ConfirmedPublisher;
  names: Names;
  options: Required<RelayOptions>;
  metrics: MessagingMetrics;
  logger: Logger;
  markers: PendingMarkers;
  /** One heartbeat document per running relay of the database (`outbox_relays`). */
  relays: Collection<RelayBeat>;
  /** Test seam: runs after a document's messages are confirmed, before they are marked sent. */
  beforeMarkSent?: (doc: Document) => Promise<void> | void;
}

/**
 * Publishes the outboxes of registered collections. A write of this process is handed over
 * in memory with its outbox snapshot (`noteWrite`): published at once, then emptied with one
 * guarded update. Everything else goes through pending markers: a round takes the oldest,
 * DELETES them first, then reads each aggregate by `_id`, publishes its outbox in array order
 * with confirms and removes what was confirmed. Whatever could not be sent gets a marker. A
 * sweep (at start, and after another relay's heartbeat went stale) marks every document
 * still holding messages: the recovery path after a crash, which loses the in-memory
 * hand-over. See README "Relay".
 */
export class OutboxRelay {
  readonly #deps: RelayDeps;
  readonly #sources = new Map<string, Collection>();
  #running = false;
  #loop: Promise<void> | null = null;
  #wake = Promise.withResolvers<void>();
  #swept = false;
  #lastBeat = 0;
  #lastCheck = 0;
  #lastMarkerPoll = 0;
  /** Polls of the markers back off while they find none (idle cost), up to IDLE_MARKER_POLL_MS. */
  #markerGap = 0;
  readonly #id = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  readonly #local = new LocalWrites();
  lastError: string | undefined;

  constructor(deps: RelayDeps) {
    this.#deps = deps;
  }

  get running(): boolean {
    return this.#running;
  }

  add(collection: Collection): void {
    this.#sources.set(collection.collectionName, collection);
  }

  /** Something was just written to an outbox (or the broker is back): publish now. */
  nudge(): void {
    this.#markerGap = 0;
    this.#wake.resolve();
  }

  /**
   * This process just wrote messages to the document (call under its document lock, right
   * after the write); with the snapshot of its outbox the relay need not read it back.
   */
  noteWrite(collection: Collection, id: unknown, snapshot?: OutboxSnapshot): void {
    this.#local.note(collection, id, snapshot);
    this.#wake.resolve(); // not a reason to poll the markers sooner
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#swept = false;
    this.#loop = this.#run();
  }

  /**
   * Stops polling, then flushes what is pending once more (best effort). With nothing left
   * in memory the heartbeat goes too; otherwise it stays, goes stale, and another relay sweeps.
   */
  async stop(): Promise<void> {
    this.#running = false;
    this.nudge();
    await this.#loop;
    await this.flushOnce().catch(() => 0);
    if (this.#lastBeat > 0 && this.#local.size === 0)
      await this.#deps.relays.deleteOne({ _id: this.#id }).catch(() => {});
  }

  async #run(): Promise<void> {
    while (this.#running) {
      let published = 0;
      try {
        await this.#housekeeping();
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

  /**
   * The heartbeat, the sweep at start (it recovers what this service's previous process left),
   * and every `sweepMs` a look at the other relays' heartbeats: one that stopped beating died
   * with writes it may not have published, so this relay sweeps once for it. A sweep reads
   * whole collections; with every relay alive there is none (at 6,000 orders, the five
   * services sweeping together every 5 min stalled the whole system ~5 s).
   */
  async #housekeeping(): Promise<void> {
    const { heartbeatMs, sweepMs } = this.#deps.options;
    const now = Date.now();
    if (now - this.#lastBeat >= heartbeatMs) {
      await withDbRetry(() =>
        this.#deps.relays.updateOne({ _id: this.#id }, { $set: { at: new Date(now) } }, { upsert: true }),
      );
      this.#lastBeat = now;
    }
    if (!this.#swept) {
      await this.sweep('start');
      this.#swept = true;
      this.#lastCheck = now;
      return;
    }
    if (now - this.#lastCheck < sweepMs) return;
    this.#lastCheck = now;
    const cutoff = new Date(now - 3 * heartbeatMs);
    const beats = await withDbRetry(() => this.#deps.relays.find({}).toArray());
    const dead = beats.filter((b) => b._id !== this.#id && b.at < cutoff).map((b) => b._id);
    if (dead.length === 0) return;
    this.#deps.logger.warn({ relays: dead }, 'outbox relay stopped beating: sweeping for what it left');
    await this.sweep('dead_relay');
    await withDbRetry(() => this.#deps.relays.deleteMany({ _id: { $in: dead } }));
  }

  /**
   * Marks every document of the sources that still holds messages. The recovery path for a
   * writer that crashed between its aggregate write and its relay's publish; it reads whole
   * collections (no index the local store serves), hence only at start and after a relay died.
   */
  async sweep(reason: 'start' | 'dead_relay' = 'start'): Promise<void> {
    this.#deps.metrics.relaySweeps.inc({ reason });
    for (const [name, collection] of this.#sources) {
      const ids = await withDbRetry(async () => {
        const holding: unknown[] = [];
        await scanFields(collection, ['_id', 'outboxAt'], (d) => {
          if (d.outboxAt != null) holding.push(d._id);
        });
        return holding;
      });
      for (let i = 0; i < ids.length; i += 500) {
        await this.#deps.markers.mark(ids.slice(i, i + 500).map((id) => ({ collection: name, id })));
      }
    }
  }

  /** One round over this process's writes and the oldest markers; returns how many messages were confirmed. */
  async flushOnce(): Promise<number> {
    const { markers, options } = this.#deps;
    const local = this.#local.take(options.batchSize);
    const keys = new Set(local.map((w) => w.key));
    let polled: LocalWrite[];
    try {
      polled = await this.#takeMarkers(options.batchSize - local.length, local.length > 0);
    } catch (err) {
      // The store is away: what this round took from memory goes back, or it would wait
      // for a sweep that only a restart or a dead relay brings (found by the soak).
      this.#local.restore(local);
      throw err;
    }
    const marked = polled.filter((w) => !keys.has(w.key));
    const work = [...local, ...marked];
    if (work.length === 0) return 0;
    const finished = new Map<string, Array<SentSnapshot & { work: LocalWrite }>>();
    const results = await mapLimit(work, options.writeConcurrency, (w) => this.#relayDocument(w, finished));
    const complete = new Set(work.filter((_, i) => results[i]!.complete));
    // The snapshots published whole are emptied together: one write per collection a round.
    for (const [name, done] of finished) {
      try {
        await finishSnapshots(this.#sources.get(name) as Collection, done);
      } catch (err) {
        this.lastError = (err as Error).message;
        this.#deps.logger.warn({ err: this.lastError, documents: done.length }, 'outbox finish failed; kept');
        for (const d of done) complete.delete(d.work);
      }
    }
    const unsent = work.filter((w) => !complete.has(w));
    // Whatever stays unsent gets a (durable) marker, or it would wait for the next sweep; if
    // the marker cannot be written either, it goes back to memory for the next round.
    if (unsent.length) {
      this.#markerGap = 0;
      try {
        await markers.mark(unsent.map((w) => ({ collection: w.collection, id: w.id })));
      } catch (err) {
        this.#local.restore(unsent);
        throw err;
      }
    }
    return results.reduce((sum, r) => sum + r.sent, 0);
  }

  /**
   * The oldest markers, deleted as they are taken. While local writes keep the relay busy the
   * poll (a read of the marker collection) runs only every `pollMs`; while polls find none
   * (the steady state: this process's writes reach the relay in memory), the gap doubles up
   * to IDLE_MARKER_POLL_MS (or 20 polls), so an idle service reads nothing four times a second.
   */
  async #takeMarkers(limit: number, busy: boolean): Promise<LocalWrite[]> {
    const { markers, options, metrics } = this.#deps;
    if (limit <= 0 || this.#sources.size === 0) return [];
    const gap = Math.max(options.pollMs, busy ? 0 : this.#markerGap);
    if (Date.now() - this.#lastMarkerPoll < gap) return [];
    this.#lastMarkerPoll = Date.now();
    const taken = await markers.oldest([...this.#sources.keys()], limit);
    this.#markerGap = taken.length
      ? 0
      : Math.min(IDLE_MARKER_POLL_MS, 20 * options.pollMs, Math.max(options.pollMs, this.#markerGap * 2));
    const oldest = taken[0]?.at;
    metrics.outboxLag.set(oldest ? Math.max(0, (Date.now() - new Date(oldest).getTime()) / 1000) : 0);
    if (taken.length) await markers.remove(taken.map((m) => m._id));
    return taken.map((m) => ({ key: m._id, collection: m.c, id: m.id }));
  }

  async #relayDocument(
    work: LocalWrite,
    finished: Map<string, Array<SentSnapshot & { work: LocalWrite }>>,
  ): Promise<{ sent: number; complete: boolean }> {
    const collection = this.#sources.get(work.collection);
    if (!collection) return { sent: 0, complete: false };
    try {
      if (work.snapshot) return await this.#relaySnapshot(collection, work, work.snapshot, finished);
      const doc = await withDbRetry(() => collection.findOne({ _id: work.id as never }));
      const records = (doc?.outbox ?? []) as OutboxRecord[];
      if (!doc) return { sent: 0, complete: true };
      // Empty but still flagged (a removal that raced a push on MongoDB): clear the flag.
      if (records.length === 0) {
        if (doc.outboxAt != null) await finishSent(collection, doc._id, []);
        return { sent: 0, complete: true };
      }
      const sent = await this.#publishDocument(doc, records);
      if (sent.length) await finishSent(collection, doc._id, sent, () => this.#local.supersedes(work));
      return { sent: sent.length, complete: sent.length === records.length };
    } catch (err) {
      this.lastError = (err as Error).message;
      this.#deps.logger.warn({ err: this.lastError, id: String(work.id) }, 'outbox relay failed; kept');
      return { sent: 0, complete: false };
    }
  }

  /**
   * A local write: publish what it wrote. Published whole, it joins the round's `finished`
   * (emptied in one write with the others); published in part, the sent head is removed now.
   */
  async #relaySnapshot(
    collection: Collection,
    work: LocalWrite,
    snapshot: OutboxSnapshot,
    finished: Map<string, Array<SentSnapshot & { work: LocalWrite }>>,
  ) {
    const records = snapshot.outbox;
    const sent = await this.#publishDocument({ _id: work.id, outbox: records }, records);
    const complete = sent.length === records.length;
    if (complete) {
      const done = finished.get(work.collection) ?? [];
      done.push({ id: work.id, snapshot, stale: () => this.#local.supersedes(work), work });
      finished.set(work.collection, done);
    } else if (sent.length) await finishSent(collection, work.id, sent, () => this.#local.supersedes(work));
    return { sent: sent.length, complete };
  }

  /** Sequential per document: message n+1 goes out only once n is confirmed (per-order order). */
  async #publishDocument(doc: Document, records: OutboxRecord[]): Promise<OutboxRecord[]> {
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
