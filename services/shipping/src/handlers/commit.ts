import type { AggregateStore, OutgoingMessage, StandaloneOutbox } from '@commerce-sync/messaging';
import type { ShipmentRecord } from '../domain/shipment-record.ts';

export interface CommitDeps {
  shipments: AggregateStore<ShipmentRecord>;
  outbox: StandaloneOutbox;
}

export interface CommitOptions {
  /** Inbox key of the cause (message or webhook event): seen before → nothing happens. */
  key?: string;
  /** Key of the emitted messages in the outbox (the same key never emits twice); may depend on them. */
  outboxKey: string | ((messages: OutgoingMessage[]) => string);
  causationId?: string;
  create?: () => Partial<ShipmentRecord>;
  /** Changes the record and returns what to announce; runs twice (draft, then the write): keep it pure. */
  mutate: (doc: ShipmentRecord) => OutgoingMessage[];
}

/**
 * Records a shipment change and the messages it causes. On FerretDB v1 two concurrent
 * updates of one document can both pass the version guard, and the outbox relay rewrites an
 * aggregate's embedded outbox while we append to it, which can drop a message. So messages
 * go to the standalone outbox first (one insert under a unique key: atomic), then the state
 * is written (without an embedded outbox, the relay never writes this document). A crash
 * between the two re-runs the step: the insert is a no-op and the write happens.
 * Callers serialise the writers of one order with the keyed lock.
 */
export async function commit(deps: CommitDeps, orderId: string, opts: CommitOptions) {
  const stored = await deps.shipments.model
    .findById(orderId)
    .lean<ShipmentRecord & { inbox?: { key: string }[] }>();
  if (stored && opts.key && stored.inbox?.some((m) => m.key === opts.key))
    return { applied: false, doc: stored };
  if (!stored && !opts.create) throw new Error(`no shipment record for order ${orderId}`);
  const draft = structuredClone(stored ?? ({ _id: orderId, ...opts.create?.() } as ShipmentRecord));
  const messages = opts.mutate(draft);
  if (messages.length > 0) {
    const key = typeof opts.outboxKey === 'string' ? opts.outboxKey : opts.outboxKey(messages);
    await deps.outbox.enqueue(key, messages, { correlationId: orderId, causationId: opts.causationId });
  }
  const { doc } = await deps.shipments.apply(orderId, {
    key: opts.key,
    create: opts.create,
    mutate: (d) => {
      opts.mutate(d);
      return [];
    },
  });
  return { applied: true, doc: doc?.toObject() as ShipmentRecord | undefined };
}
