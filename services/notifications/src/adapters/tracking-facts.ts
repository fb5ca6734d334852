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

/** The keys of one order's facts (`_id` = order id): how the page finds them by `_id`. */
interface OrderFactsDoc {
  _id: string;
  keys: string[];
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
  { _id: String, keys: { type: [String], default: [] } },
  { collection: 'tracking_fact_keys', versionKey: false },
);

/** In `tracking_fact_keys`: the facts recorded before the keys were kept have been added. */
const LISTED = 'listed';
/** `_id`s per `$in` read. */
const IDS_PER_READ = 500;

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
 * The tracking page's projection as insert-only facts, folded on read. A fact is inserted
 * under its unique key (the first of replicas racing on one fact wins, none is lost), then
 * its key is added to its order's key document (`$addToSet`, atomic). Every read of a page
 * view and of the live poll goes by `_id`: the order's key document, then its facts by
 * `_id: { $in }`. (A filter on `orderId` would read every fact ever recorded on the local
 * store, which serves no filter but `_id` and unique indexes from an index.) The version of
 * a view is its number of facts.
 */
export function createTrackingFacts(connection: Connection): TrackingFacts {
  const Fact = connection.model<FactDoc>('TrackingFact', schema);
  const OrderFacts = connection.model<OrderFactsDoc>('TrackingFactKeys', orderSchema);

  /** Adds `key` to its order's keys; true when it was not there yet. */
  async function keep(orderId: string, key: string): Promise<boolean> {
    const add = () => OrderFacts.updateOne({ _id: orderId }, { $addToSet: { keys: key } }, { upsert: true });
    // Two first facts of one order at once: a server may let one upsert fail on the `_id`;
    // the document then exists and the second try is a plain update.
    const res = await add().catch((err: { code?: number }) => {
      if (err.code === 11000) return add();
      throw err;
    });
    return res.modifiedCount + res.upsertedCount > 0;
  }

  async function keysOf(ids: string[]): Promise<Map<string, string[]>> {
    const docs = await OrderFacts.find({ _id: { $in: ids } }).lean<OrderFactsDoc[]>();
    return new Map(docs.map((d) => [d._id, d.keys ?? []]));
  }

  const load = async (ids: string[]) => {
    const keys = [...(await keysOf(ids)).values()].flat();
    const byOrder = new Map<string, ViewFact[]>();
    for (let i = 0; i < keys.length; i += IDS_PER_READ) {
      const docs = await Fact.find({ _id: { $in: keys.slice(i, i + IDS_PER_READ) } }).lean<FactDoc[]>();
      for (const d of docs) byOrder.set(d.orderId, [...(byOrder.get(d.orderId) ?? []), d.fact]);
    }
    return new Map(
      [...byOrder].map(([id, facts]) => [id, { version: facts.length, view: foldView(id, facts) }]),
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
      const key = keyOf(fact);
      const orderId = fact.fact.orderId;
      const inserted = await insertUnlessPresent(Fact.collection, {
        _id: key,
        orderId,
        at: fact.fact.at,
        fact,
      });
      // Also for a fact already there: a crash between its insert and this write left it out,
      // and the redelivery of its event lands here again.
      const kept = await keep(orderId, key);
      return inserted || kept;
    },
    async versions(ids) {
      const keys = await keysOf(ids);
      return new Map([...keys].map(([id, k]) => [id, k.length]));
    },
    load,
    async one(orderId) {
      return (await load([orderId])).get(orderId);
    },
  };
}
