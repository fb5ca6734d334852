import { type Channel, type ConfirmChannel, connect } from 'amqplib';
import type { Db } from 'mongodb';
import { pool, type Result, until } from './bench-support.ts';

function confirmPublish(ch: ConfirmChannel, queue: string, body: Buffer, messageId: string): Promise<void> {
  return new Promise((resolve, reject) =>
    ch.sendToQueue(queue, body, { persistent: true, messageId, contentType: 'application/json' }, (err) =>
      err ? reject(err) : resolve(),
    ),
  );
}

/**
 * (a) without db, (b) with the writes our guarantees need per message: outbox insert and
 * mark-sent on the producer, inbox insert on the consumer.
 */
export async function rawScenario(
  opts: { amqpUrl: string; queue: string; messages: number; parallel: number; prefetch: number },
  db?: Db,
): Promise<Result> {
  const model = await connect(opts.amqpUrl, { noDelay: true });
  const pub = await model.createConfirmChannel();
  const sub: Channel = await model.createChannel();
  await pub.assertQueue(opts.queue, { durable: true, arguments: { 'x-queue-type': 'quorum' } });
  await sub.prefetch(opts.prefetch);
  const latencies: number[] = [];
  const started = new Map<string, number>();
  await sub.consume(opts.queue, (msg) => {
    if (!msg) return;
    const id = msg.properties.messageId as string;
    const settle = () => {
      sub.ack(msg);
      latencies.push(performance.now() - started.get(id)!);
    };
    if (db)
      void db
        .collection('inbox')
        .insertOne({ _id: `bench:${id}` as never, at: new Date() })
        .then(settle);
    else settle();
  });
  const t0 = performance.now();
  const label = db ? 'raw+mongo' : 'raw';
  await pool(
    opts.messages,
    opts.parallel,
    async (i) => {
      const id = `m${i}`;
      const body = Buffer.from(JSON.stringify({ orderId: `bench:${i}`, amountMinor: 1, currency: 'EUR' }));
      started.set(id, performance.now());
      if (db)
        await db.collection('outbox').insertOne({ _id: id as never, body: body.toString(), sent: false });
      await confirmPublish(pub, opts.queue, body, id);
      if (db) await db.collection('outbox').updateOne({ _id: id as never }, { $set: { sent: true } });
    },
    `${label} publish`,
  );
  await until(() => latencies.length, opts.messages, `${label} consume`);
  const seconds = (performance.now() - t0) / 1000;
  await pub.deleteQueue(opts.queue);
  await model.close();
  return {
    name: db ? '(b) raw amqplib + outbox/inbox writes' : '(a) raw amqplib confirm + ack',
    messages: opts.messages,
    seconds,
    latenciesMs: latencies,
  };
}
