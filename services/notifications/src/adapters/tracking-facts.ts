import { scanFields } from '@commerce-sync/messaging';
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

/**
 * One order's facts (`_id` = order id): the keys of all of them, and the facts recorded since
 * they are kept here (`facts`, one per key, pushed with it in one write). Keys without an
 * entry in `facts` were recorded before, as documents of `tracking_facts`, read by `_id`.
 */
interface OrderFactsDoc {
  _id: string;
  keys: string[];
  facts?: { key: string; fact: ViewFact }[];
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

const orderSchema = new Schema<OrderFactsDoc>(
  {
    _id: String,
    keys: { type: [String], default: [] },
    facts: { type: [Schema.Types.Mixed], default: undefined },
  },
  { collection: 'tracking_fact_keys', versionKey: false },
);

/** In `tracking_fact_keys`: the facts recorded before the keys were kept have been added. */
const LISTED = 'listed';
/** `_id`s per `$in` read. */
const IDS_PER_READ = 500;

function keyOf(f: ViewFact): string {
  if (f.kind === 'placed') return `${f.fact.orderId}|placed`;
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
 * The tracking page's projection as insert-only facts, folded on read. A fact is pushed onto
 * its order's document together with its unique key, in one write guarded by the key's
 * absence (the first of replicas racing on one fact wins, none is lost; a redelivery finds
 * its key and writes nothing). Every read of a page view and of the live poll goes by `_id`:
 * the order's document, then, for facts recorded before they were kept there, the
 * `tracking_facts` documents by `_id: { $in }`. (A filter on `orderId` would read every fact
 * ever recorded on the local store, which serves no filter but `_id` and unique indexes from
 * an index.) The version of a view is its number of facts.
 */
export function createTrackingFacts(connection: Connection): TrackingFacts {
  const Fact = connection.model<FactDoc>('TrackingFact', schema);
  const OrderFacts = connection.model<OrderFactsDoc>('TrackingFactKeys', orderSchema);

  /**
   * Upserts the order's document; true when this write changed it. Two first facts of one
   * order at once: a server may let one upsert fail on the `_id`; the document exists then
   * and a second try decides. A filter that excludes a key already there fails the same way
   * (nothing matches, the insert collides), so a second duplicate `_id` means "already there".
   */
  async function upsertOrderFacts(filter: object, update: object): Promise<boolean> {
    for (let attempt = 1; ; attempt++) {
      try {
        const res = await OrderFacts.updateOne(filter, update, { upsert: true });
        return res.modifiedCount + res.upsertedCount > 0;
      } catch (err) {
        if ((err as { code?: number }).code !== 11000) throw err;
        if (attempt >= 2) return false;
      }
    }
  }

  /** Adds `key` to its order's keys (an earlier fact's document); true when it was not there yet. */
  const keep = (orderId: string, key: string) =>
    upsertOrderFacts({ _id: orderId }, { $addToSet: { keys: key } });

  /** Pushes `fact` under `key` unless its order already has the key; true when it was new. */
  const push = (orderId: string, key: string, fact: ViewFact) =>
    upsertOrderFacts({ _id: orderId, keys: { $ne: key } }, { $push: { keys: key, facts: { key, fact } } });

  async function docsOf(ids: string[]): Promise<OrderFactsDoc[]> {
    return OrderFacts.find({ _id: { $in: ids } }).lean<OrderFactsDoc[]>();
  }

  const load = async (ids: string[]) => {
    const byOrder = new Map<string, ViewFact[]>();
    const earlier: string[] = [];
    for (const d of await docsOf(ids)) {
      const kept = d.facts ?? [];
      byOrder.set(
        d._id,
        kept.map((f) => f.fact),
      );
      const here = new Set(kept.map((f) => f.key));
      for (const k of d.keys ?? []) if (!here.has(k)) earlier.push(k);
    }
    for (let i = 0; i < earlier.length; i += IDS_PER_READ) {
      const docs = await Fact.find({ _id: { $in: earlier.slice(i, i + IDS_PER_READ) } }).lean<FactDoc[]>();
      for (const d of docs) byOrder.set(d.orderId, [...(byOrder.get(d.orderId) ?? []), d.fact]);
    }
    return new Map(
      [...byOrder]
        .filter(([, facts]) => facts.length > 0)
        .map(([id, facts]) => [id, { version: facts.length, view: foldView(id, facts) }]),
    );
  };

  /**
   * Once per database, at start (a read of every fact, never on a page view): the facts
   * recorded before the key documents existed are added to them.
   */
  async function listEarlierFacts(): Promise<void> {
    if (await OrderFacts.exists({ _id: LISTED })) return;
    const earlier: Pick<FactDoc, '_id' | 'orderId'>[] = [];
    await scanFields<Pick<FactDoc, '_id' | 'orderId'>>(Fact.collection, ['_id', 'orderId'], (f) => {
      earlier.push(f);
    });
    for (const f of earlier) await keep(f.orderId, f._id);
    await insertUnlessPresent(OrderFacts.collection, { _id: LISTED, keys: [] });
  }

  return {
    init: async () => {
      await Promise.all([Fact.init(), OrderFacts.init()]);
      await listEarlierFacts();
    },
    async record(fact) {
      return push(fact.fact.orderId, keyOf(fact), fact);
    },
    async versions(ids) {
      const docs = await docsOf(ids);
      return new Map(docs.map((d) => [d._id, (d.keys ?? []).length]));
    },
    load,
    async one(orderId) {
      return (await load([orderId])).get(orderId);
    },
  };
}
