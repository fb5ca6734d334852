import { insertUnlessPresent } from '@commerce-sync/service-kit';
import { type Connection, Schema } from 'mongoose';
import { foldView, type ViewFact } from '../domain/tracking-view.ts';
import type { VersionedView, ViewSource } from '../http/view-watcher.ts';

interface FactDoc {
  /** The fact's identity: a redelivered or replayed event maps to the same key. */
  _id: string;
  orderId: string;
  at: string;
  fact: ViewFact;
}

const schema = new Schema<FactDoc>(
  {
    _id: String,
    orderId: { type: String, required: true },
    at: { type: String, required: true },
    fact: Schema.Types.Mixed,
  },
  { collection: 'tracking_facts', versionKey: false },
);
schema.index({ orderId: 1, at: 1 });

function keyOf(f: ViewFact): string {
  return f.kind === 'status'
    ? `${f.fact.orderId}|status|${f.fact.to}|${f.fact.at}`
    : `${f.fact.orderId}|tracking|${f.fact.status}|${f.fact.at}|${f.fact.location ?? ''}`;
}

export interface TrackingFacts extends ViewSource {
  /** Stores a fact once; returns false when it was already known. */
  record(fact: ViewFact): Promise<boolean>;
  one(orderId: string): Promise<VersionedView | undefined>;
  init(): Promise<unknown>;
}

/**
 * The tracking page's projection as insert-only facts, folded on read. Inserting a document
 * with a unique id is the one write the MongoDB-wire server here makes atomic (a conditional
 * update is not, under concurrency), so replicas can record facts of one order at once
 * without losing any. The version of a view is its number of facts.
 */
export function createTrackingFacts(connection: Connection): TrackingFacts {
  const Fact = connection.model<FactDoc>('TrackingFact', schema);
  const load = async (ids: string[]) => {
    const docs = await Fact.find({ orderId: { $in: ids } }).lean<FactDoc[]>();
    const byOrder = new Map<string, ViewFact[]>();
    for (const d of docs) byOrder.set(d.orderId, [...(byOrder.get(d.orderId) ?? []), d.fact]);
    return new Map(
      [...byOrder].map(([id, facts]) => [id, { version: facts.length, view: foldView(id, facts) }]),
    );
  };
  return {
    init: () => Fact.init(),
    async record(fact) {
      return insertUnlessPresent(Fact.collection, {
        _id: keyOf(fact),
        orderId: fact.fact.orderId,
        at: fact.fact.at,
        fact,
      });
    },
    async versions(ids) {
      const rows = await Fact.aggregate<{ _id: string; n: number }>([
        { $match: { orderId: { $in: ids } } },
        { $group: { _id: '$orderId', n: { $sum: 1 } } },
      ]);
      return new Map(rows.map((r) => [r._id, r.n]));
    },
    load,
    async one(orderId) {
      return (await load([orderId])).get(orderId);
    },
  };
}
