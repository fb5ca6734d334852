import type { MessageType, Payload } from '@commerce-sync/contracts';
import { getContract } from '@commerce-sync/contracts';
import type { Collection } from 'mongodb';
import type { Model } from 'mongoose';
import { type AggregateStore, createAggregateStore, type OnEmit } from './aggregate-store.ts';
import { DEFAULT_REMEMBERED, rememberDocuments } from './known-documents.ts';
import { type CleanupOptions, type CleanupResult, cleanup } from './cleanup.ts';
import { BrokerConnection } from './connection.ts';
import { createDeliveryProcessor } from './delivery-processor.ts';
import { createDlqAdmin, type DlqAdmin } from './dlq-admin.ts';
import type { Handler } from './handler-context.ts';
import { Inbox } from './inbox.ts';
import { createMetrics } from './metrics.ts';
import { namesFor } from './names.ts';
import {
  DEFAULT_OUTAGE_BUDGET_MS,
  DEFAULT_RETRY_TIERS_MS,
  type MessagingOptions,
  relayDefaults,
  silentLogger,
} from './options.ts';
import { OutboxRelay, type RelayBeat, type RelayDeps } from './outbox-relay.ts';
import { PendingMarkers } from './pending-markers.ts';
import { ConfirmedPublisher } from './publisher.ts';
import { QueueConsumer } from './queue-consumer.ts';
import { createRetryTiers, type RetryTiers } from './retry-tier.ts';
import { createStandaloneOutbox, type StandaloneOutbox } from './standalone-outbox.ts';
import { declareTopology } from './topology.ts';

export interface MessagingHealth {
  ok: boolean;
  connected: boolean;
  /** host:port of the broker node connected to (one of AMQP_URL's), while connected. */
  node?: string;
  consuming: boolean;
  relay: { running: boolean; lastError?: string };
}

export interface HandleOptions {
  /**
   * Read the inbox for this message's key before running the handler (default true). Turn
   * it off only for a handler whose every effect goes through `ctx.apply`/`ctx.emit` (keyed
   * atomically with the effect, so a duplicate is absorbed there) or is idempotent by
   * itself: such a handler never leaves its key in the inbox, so the read would find
   * nothing and costs one database round trip per message. A duplicate then costs a handler
   * run instead of a read.
   */
  inboxRead?: boolean;
}

/** A service's messaging: see README.md for the contract and an example. */
export interface Messaging {
  handle<T extends MessageType>(type: T, handler: Handler<Payload<T>>, options?: HandleOptions): void;
  /**
   * `remember`: keep the documents this process wrote (`true`: DEFAULT_REMEMBERED of them,
   * or how many), so the next step on one skips its read (only for a collection written
   * through `apply` alone: known-documents.ts).
   */
  aggregate<T>(model: Model<T>, opts?: { remember?: boolean | number }): AggregateStore<T>;
  readonly outbox: StandaloneOutbox;
  readonly dlq: DlqAdmin;
  start(): Promise<void>;
  stop(opts?: { deadlineMs?: number }): Promise<void>;
  health(): MessagingHealth;
  /** Deliveries this process ran a handler for since it started (which replica did work). */
  handled(): number;
  cleanup(opts?: CleanupOptions): Promise<CleanupResult>;
}

export function createMessaging(
  options: MessagingOptions & { hooks?: Pick<RelayDeps, 'beforeMarkSent'> },
): Messaging {
  const logger = options.logger ?? silentLogger;
  const names = namesFor(options.service, options.prefix);
  const metrics = createMetrics(options.registry);
  const db = options.connection;
  const collections = {
    inbox: db.collection(options.collections?.inbox ?? 'inbox') as unknown as Collection,
    outbox: db.collection(options.collections?.outbox ?? 'outbox') as unknown as Collection,
    pending: db.collection(options.collections?.pending ?? 'outbox_pending') as unknown as Collection,
    relays: db.collection(options.collections?.relays ?? 'outbox_relays') as unknown as Collection<RelayBeat>,
  };
  const markers = new PendingMarkers(collections.pending);
  const relayOptions = relayDefaults(options.relay);
  // After every write that leaves messages: hand it to this process's relay, or, with none
  // running here, leave the durable marker another process's relay polls.
  const emitted: OnEmit = (collection, id, snapshot) =>
    relayOptions.enabled ? relay.noteWrite(collection, id, snapshot) : markers.markOne(collection, id);
  const handlers = new Map<string, Handler>();
  let handledCount = 0;
  const skipInboxRead = new Set<string>();
  const aggregates = new Set<Collection>([collections.outbox]);
  const retryTiersMs = options.retryTiersMs ?? DEFAULT_RETRY_TIERS_MS;

  let consumer: QueueConsumer | null = null;
  let tiers: RetryTiers | null = null;
  const broker: BrokerConnection = new BrokerConnection({
    url: options.amqpUrl,
    logger,
    async onConnect(model) {
      publisher.reset();
      const ch = await model.createChannel();
      await declareTopology(ch, {
        names,
        retryTiersMs,
        deliveryLimit: options.deliveryLimit ?? 5,
        ...bindings(),
      });
      await ch.close();
      await consumer?.attach(model);
      await tiers?.attach(model);
      relay.nudge(); // rows that waited for the broker go out now
    },
  });
  const publisher = new ConfirmedPublisher(broker);
  const relay = new OutboxRelay({
    publisher,
    names,
    options: relayOptions,
    metrics,
    logger,
    markers,
    relays: collections.relays,
    ...options.hooks,
  });
  const outbox = createStandaloneOutbox(collections.outbox, emitted);
  const inbox = new Inbox(collections.inbox);
  relay.add(collections.outbox);

  function bindings() {
    const types = [...handlers.keys()];
    return {
      commandTypes: types.filter((t) => getContract(t)?.kind === 'command'),
      eventTypes: types.filter((t) => getContract(t)?.kind === 'event'),
    };
  }

  return {
    outbox,
    dlq: createDlqAdmin({ amqpUrl: options.amqpUrl, service: options.service, prefix: options.prefix ?? '' }),
    handle(type, handler, handleOptions = {}) {
      if (!getContract(type)) throw new Error(`unknown message type "${type}"`);
      handlers.set(type, ((msg, ctx) => {
        handledCount += 1;
        return handler(msg as never, ctx);
      }) as Handler);
      if (handleOptions.inboxRead === false) skipInboxRead.add(type);
      else skipInboxRead.delete(type);
    },
    aggregate(model, opts = {}) {
      const collection = model.collection as unknown as Collection;
      const limit = opts.remember === true ? DEFAULT_REMEMBERED : opts.remember || 0;
      const known = limit > 0 ? rememberDocuments(collection, limit) : undefined;
      const store = createAggregateStore(model, emitted, known);
      aggregates.add(store.collection);
      relay.add(store.collection);
      return store;
    },
    async start() {
      await collections.outbox.createIndex({ outboxAt: 1 });
      await collections.pending.createIndex({ at: 1 });
      await collections.inbox.createIndex({ at: 1 });
      if (handlers.size > 0) {
        const process = createDeliveryProcessor({
          consumer: names.queue,
          names,
          handlers,
          skipInboxRead,
          inbox,
          outbox,
          publisher,
          retryTiersMs,
          outageBudgetMs: options.outageBudgetMs ?? DEFAULT_OUTAGE_BUDGET_MS,
          metrics,
          logger,
        });
        consumer = new QueueConsumer({
          queue: names.queue,
          prefetch: options.prefetch ?? 64,
          concurrency: options.concurrency ?? 16,
          logger,
          process,
          onChannelLost: () => broker.reset(),
        });
        tiers = createRetryTiers({
          names,
          tiersMs: retryTiersMs,
          publisher,
          logger,
          onChannelLost: () => broker.reset(),
        });
      }
      await broker.start();
      if (relayOptions.enabled) relay.start();
    },
    async stop({ deadlineMs = 25_000 } = {}) {
      const started = Date.now();
      await Promise.all([consumer?.stop(deadlineMs * 0.8), tiers?.stop(deadlineMs * 0.8)]);
      await Promise.race([
        relay.stop(),
        new Promise((r) => setTimeout(r, deadlineMs - (Date.now() - started))),
      ]);
      await broker.close();
    },
    health() {
      const connected = broker.connected;
      const consuming = consumer ? consumer.consuming && (tiers?.consuming ?? true) : true;
      const relayHealth = { running: relay.running || !relayOptions.enabled, ...lastError(relay.lastError) };
      const node = broker.node ?? undefined;
      return {
        ok: connected && consuming && relayHealth.running,
        connected,
        ...(node && { node }),
        consuming,
        relay: relayHealth,
      };
    },
    handled: () => handledCount,
    cleanup(opts) {
      return cleanup({ inbox: collections.inbox, outbox: collections.outbox, aggregates }, opts);
    },
  };
}

const lastError = (e: string | undefined) => (e ? { lastError: e } : {});
