import { randomUUID } from 'node:crypto';
import amqp from 'amqplib';
import { BSON, MongoClient } from 'mongodb';

export interface CeilingResult {
  orders: number;
  hops: number;
  seconds: number;
  ordersPerSec: number;
}

/**
 * The broker-bound ceiling of our flow: every order passes `hops` queues in sequence,
 * each hop a confirmed persistent publish and a manual ack, with no business logic and
 * no database. Our system's orders/s divided by this is the "ratio to the ceiling".
 */
export async function brokerCeiling(
  amqpUrl: string,
  orders: number,
  hops: number,
  prefetch = 64,
): Promise<CeilingResult> {
  const conn = await amqp.connect(amqpUrl, { noDelay: true });
  const pub = await conn.createConfirmChannel();
  const run = randomUUID().slice(0, 8);
  const queues = Array.from({ length: hops }, (_, i) => `bench.ceiling.${run}.${i}`);
  for (const q of queues)
    await pub.assertQueue(q, { durable: true, arguments: { 'x-queue-type': 'quorum' } });

  let done = 0;
  let resolveAll: () => void = () => {};
  const finished = new Promise<void>((r) => {
    resolveAll = r;
  });
  const send = (q: string, body: Buffer) =>
    new Promise<void>((resolve, reject) =>
      pub.sendToQueue(q, body, { persistent: true, messageId: randomUUID() }, (err) =>
        err ? reject(err) : resolve(),
      ),
    );

  const channels: amqp.Channel[] = [];
  for (let i = 0; i < hops; i++) {
    const ch = await conn.createChannel();
    await ch.prefetch(prefetch);
    channels.push(ch);
    const next = queues[i + 1];
    await ch.consume(queues[i] as string, (msg) => {
      if (!msg) return;
      const forward = next ? send(next, msg.content) : Promise.resolve();
      void forward.then(() => {
        ch.ack(msg);
        if (!next && ++done === orders) resolveAll();
      });
    });
  }

  const started = process.hrtime.bigint();
  const first = queues[0] as string;
  for (let i = 0; i < orders; i++) {
    const ok = pub.sendToQueue(first, Buffer.from(JSON.stringify({ i })), { persistent: true });
    if (!ok) await new Promise((r) => pub.once('drain', r));
  }
  await pub.waitForConfirms();
  await finished;
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;

  for (const ch of channels) await ch.close();
  for (const q of queues) await pub.deleteQueue(q);
  await conn.close();
  return { orders, hops, seconds, ordersPerSec: orders / seconds };
}

/** Commands the store ceiling replays, in the order one order runs them (inserts first, so deletes find their own). */
export const REPLAYED = [
  'insert',
  'find',
  'findAndModify',
  'update',
  'aggregate',
  'count',
  'delete',
] as const;
export type ReplayedCommand = (typeof REPLAYED)[number];

/**
 * The commands order `i` (from 0) runs for a mix of commands per order: each command's
 * fractional rate is spread so that the first K orders run floor(K × rate) of it.
 */
export function planOrder(mix: Record<string, number>, i: number): ReplayedCommand[] {
  const ops: ReplayedCommand[] = [];
  const upTo = (k: number, rate: number) => Math.floor(k * rate + 1e-9);
  for (const c of REPLAYED) {
    const rate = mix[c] ?? 0;
    for (let n = upTo(i + 1, rate) - upTo(i, rate); n > 0; n--) ops.push(c);
  }
  return ops;
}

/** The part of a measured mix that the ceiling does not replay (getMore, createIndexes…). */
export function notReplayed(mix: Record<string, number>): Record<string, number> {
  return Object.fromEntries(
    Object.entries(mix).filter(([c, n]) => n > 0 && !(REPLAYED as readonly string[]).includes(c)),
  );
}

interface CeilingDoc {
  _id: string;
  version: number;
  status: string;
  updatedAt: Date;
  ref: string;
  pad: string;
}

export interface StoreCeilingOptions {
  /** Commands by name per order, as the services sent them (bench/scrape.ts commandsPerOrder). */
  mix: Record<string, number>;
  orders: number;
  /** Orders in flight, each running its commands one after another, as one handler does. */
  concurrency: number;
  /** Documents in the collection before the run: the history the services' collections hold. */
  documents: number;
  /** Size of one document in BSON bytes (the services' orders average, measured). */
  docBytes: number;
  onProgress?: (done: number, elapsedSec: number) => void;
}

export interface StoreCeilingResult {
  orders: number;
  concurrency: number;
  documents: number;
  docBytes: number;
  commandsPerOrder: Record<string, number>;
  notReplayed: Record<string, number>;
  seconds: number;
  ordersPerSec: number;
  commandsPerSec: number;
}

/**
 * The store-bound ceiling of our flow: the store commands one order costs the services
 * (by name, measured in the same run), replayed as single-document operations by `_id`
 * on one collection of `documents` documents of `docBytes`, with a unique index like the
 * services' idempotency keys, at `concurrency` orders in flight; no broker, no logic.
 * find → findOne by _id; insert → insertOne; update → updateOne by _id ($set, $inc version);
 * findAndModify → findOneAndUpdate by _id; delete → deleteOne of one of this run's inserts;
 * aggregate → $match by _id; count → countDocuments by _id.
 */
export async function storeCeiling(mongoUrl: string, opts: StoreCeilingOptions): Promise<StoreCeilingResult> {
  const client = new MongoClient(mongoUrl, { maxPoolSize: opts.concurrency });
  await client.connect();
  const db = client.db(`bench_store_ceiling_${randomUUID().slice(0, 8)}`);
  try {
    const coll = db.collection<CeilingDoc>('aggregates');
    await coll.createIndex({ ref: 1 }, { unique: true });
    const base = { version: 0, status: 'fulfilling', updatedAt: new Date(), ref: '', pad: '' };
    const pad = 'x'.repeat(
      Math.max(0, opts.docBytes - BSON.calculateObjectSize({ _id: 'c:0000000', ...base })),
    );
    const doc = (id: string) => ({ _id: id, ...base, ref: id, pad });
    for (let from = 0; from < opts.documents; from += 1000) {
      const to = Math.min(opts.documents, from + 1000);
      await coll.insertMany(Array.from({ length: to - from }, (_, k) => doc(`c:${from + k}`)));
    }
    const someId = () => `c:${Math.floor(Math.random() * Math.max(1, opts.documents))}`;
    const inserted: string[] = [];
    let insertSeq = 0;
    const run = async (op: ReplayedCommand) => {
      switch (op) {
        case 'insert': {
          const id = `n:${insertSeq++}`;
          await coll.insertOne(doc(id));
          inserted.push(id);
          return;
        }
        case 'find':
          await coll.findOne({ _id: someId() });
          return;
        case 'update':
          await coll.updateOne(
            { _id: someId() },
            { $set: { status: 'shipped', updatedAt: new Date() }, $inc: { version: 1 } },
          );
          return;
        case 'findAndModify':
          await coll.findOneAndUpdate(
            { _id: someId() },
            { $set: { updatedAt: new Date() }, $inc: { version: 1 } },
            { returnDocument: 'after' },
          );
          return;
        case 'aggregate':
          await coll.aggregate([{ $match: { _id: someId() } }]).toArray();
          return;
        case 'count':
          await coll.countDocuments({ _id: someId() });
          return;
        case 'delete':
          await coll.deleteOne({ _id: inserted.shift() ?? `n:missing` });
          return;
      }
    };
    let next = 0;
    let done = 0;
    let commands = 0;
    const started = process.hrtime.bigint();
    const elapsed = () => Number(process.hrtime.bigint() - started) / 1e9;
    const progress = setInterval(() => opts.onProgress?.(done, elapsed()), 10_000);
    try {
      await Promise.all(
        Array.from({ length: Math.max(1, opts.concurrency) }, async () => {
          while (next < opts.orders) {
            const ops = planOrder(opts.mix, next++);
            for (const op of ops) await run(op);
            commands += ops.length;
            done++;
          }
        }),
      );
    } finally {
      clearInterval(progress);
    }
    const seconds = elapsed();
    return {
      orders: opts.orders,
      concurrency: opts.concurrency,
      documents: opts.documents,
      docBytes: opts.docBytes,
      commandsPerOrder: Object.fromEntries(REPLAYED.map((c) => [c, opts.mix[c] ?? 0]).filter(([, n]) => n)),
      notReplayed: notReplayed(opts.mix),
      seconds,
      ordersPerSec: opts.orders / seconds,
      commandsPerSec: commands / seconds,
    };
  } finally {
    await db.dropDatabase().catch(() => undefined);
    await client.close();
  }
}

/** Average BSON size of up to `n` documents of a collection (the services' orders), or undefined if empty. */
export async function averageDocBytes(mongoUrl: string, dbName: string, collection: string, n = 200) {
  const client = new MongoClient(mongoUrl, { maxPoolSize: 1 });
  try {
    await client.connect();
    const docs = await client.db(dbName).collection(collection).find({}).limit(n).toArray();
    if (docs.length === 0) return undefined;
    return Math.round(docs.reduce((a, d) => a + BSON.calculateObjectSize(d), 0) / docs.length);
  } finally {
    await client.close();
  }
}
