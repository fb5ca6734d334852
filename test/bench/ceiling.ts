import { randomUUID } from 'node:crypto';
import amqp from 'amqplib';

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
