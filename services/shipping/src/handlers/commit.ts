import type { AggregateStore, OutgoingMessage } from '@commerce-sync/messaging';
import type { ShipmentRecord } from '../domain/shipment-record.ts';

export interface CommitDeps {
  shipments: AggregateStore<ShipmentRecord>;
}

export interface CommitOptions {
  /** Inbox key of the cause (message or webhook event): seen before → nothing happens. */
  key?: string;
  causationId?: string;
  create?: () => Partial<ShipmentRecord>;
  /**
   * Changes the record and returns what to announce. It runs on the stored record and again
   * on a fresh read when another writer got there first: keep it a function of `doc`.
   */
  mutate: (doc: ShipmentRecord) => OutgoingMessage[];
}

/**
 * Records a shipment change and the messages it causes in ONE write of the record: state,
 * embedded outbox and the cause's inbox key, under the record's version guard. A writer that
 * lost the guard to another (a webhook and the poller, a cancel and a create, another
 * replica) runs `mutate` again on the fresh record, so tracking only moves forward and each
 * status is announced once, by whichever write moved it.
 */
export async function commit(deps: CommitDeps, orderId: string, opts: CommitOptions) {
  const { applied, doc } = await deps.shipments.apply(orderId, {
    ...(opts.key ? { key: opts.key } : {}),
    ...(opts.create ? { create: opts.create } : {}),
    ...(opts.causationId ? { defaults: { causationId: opts.causationId } } : {}),
    mutate: (d) => opts.mutate(d),
  });
  return { applied, doc: doc?.toObject() as ShipmentRecord | undefined };
}
