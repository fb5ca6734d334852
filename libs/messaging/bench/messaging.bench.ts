/**
 * `npm run bench:messaging -- [--messages 1000] [--parallel 8] [--prefetch 64] [--concurrency 16] [--batch 200]`
 * Same broker and database for all three: (a) raw amqplib, (b) raw amqplib plus the raw
 * MongoDB writes our outbox and inbox need, (c) this library end to end with every guarantee.
 */
import { cliArgs } from '@commerce-sync/service-kit/cli-args';
import { MongoClient } from 'mongodb';
import mongoose from 'mongoose';
import { Registry } from 'prom-client';
import { deleteBrokerObjects } from '@commerce-sync/test/support/broker';
import { tallyModel } from '../test/harness.ts';
import { printTable, summary, uniqueId } from './bench-support.ts';
import { libraryScenario } from './library-scenario.ts';
import { rawScenario } from './raw-scenarios.ts';

const { values } = cliArgs({
  usage: 'npm run bench:messaging -- [options]',
  options: {
    messages: { type: 'string', default: '1000', arg: 'n', help: 'messages per scenario' },
    parallel: { type: 'string', default: '8', arg: 'n', help: 'producers in parallel' },
    prefetch: { type: 'string', default: '64', arg: 'n', help: 'consumer prefetch' },
    concurrency: { type: 'string', default: '16', arg: 'n', help: 'handlers in flight per consumer' },
    batch: { type: 'string', default: '200', arg: 'n', help: 'batch size' },
  },
  notes: ['environment: AMQP_URL, RABBITMQ_MANAGEMENT_URL, MONGO_URL'],
});
const amqpUrl = process.env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
const management = process.env.RABBITMQ_MANAGEMENT_URL ?? 'http://guest:guest@127.0.0.1:15672';
const mongoUrl = (process.env.MONGO_URL ?? 'mongodb://127.0.0.1:27017').replace(/\/$/, '');
const n = Number(values.messages);
const parallel = Number(values.parallel);
const prefetch = Number(values.prefetch);
const id = uniqueId('bench');
const prefix = `t_${id}.`;

console.log(
  `messaging bench: ${n} messages, ${parallel} producers, prefetch ${prefetch}, concurrency ${values.concurrency}`,
);
const client = await MongoClient.connect(mongoUrl);
const rawDb = client.db(`t_${id}_raw`);
const connection = await mongoose.createConnection(`${mongoUrl}/t_${id}_lib`).asPromise();
try {
  const a = await rawScenario({ amqpUrl, queue: `${prefix}raw-a`, messages: n, parallel, prefetch });
  const b = await rawScenario({ amqpUrl, queue: `${prefix}raw-b`, messages: n, parallel, prefetch }, rawDb);
  const c = await libraryScenario({
    amqpUrl,
    connection,
    prefix,
    messages: n,
    parallel,
    prefetch,
    concurrency: Number(values.concurrency),
    batchSize: Number(values.batch),
    registry: new Registry(),
    model: tallyModel(connection, 'BenchOrder'),
  });
  printTable([a, b, c]);
  const [sa, sb, sc] = [summary(a), summary(b), summary(c)];
  console.log(
    `\nc/a = ${(sc.rate / sa.rate).toFixed(2)}   c/b = ${(sc.rate / sb.rate).toFixed(2)} (target ≥ 0.7)`,
  );
} finally {
  await rawDb.dropDatabase().catch(() => {});
  await connection.dropDatabase().catch(() => {});
  await connection.close();
  await client.close();
  await deleteBrokerObjects(management, prefix);
}
