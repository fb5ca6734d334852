import { randomBytes } from 'node:crypto';
import { infraUrls } from '@commerce-sync/test/support/infra';
import mongoose, { type Connection, type Model, Schema } from 'mongoose';
import {
  type AggregateFields,
  aggregatePlugin,
  createMessaging,
  type Messaging,
  type MessagingOptions,
} from '../src/index.ts';
import { deleteBrokerObjects } from '@commerce-sync/test/support/broker';

/** A per-test-file world: its own database and broker-name prefix, removed afterwards. */
export interface Harness {
  id: string;
  prefix: string;
  amqpUrl: string;
  mongoUrl: string;
  connection: Connection;
  /** A messaging instance on this world's broker prefix and database. */
  messaging(opts: Omit<MessagingOptions, 'amqpUrl' | 'connection' | 'prefix'>): Messaging;
  close(): Promise<void>;
}

export async function createHarness(
  suite: string,
  urls: { amqp: string; amqpManagement: string; mongo: string } = infraUrls(),
): Promise<Harness> {
  const id = `${suite}_${randomBytes(4).toString('hex')}`;
  const mongoUrl = `${urls.mongo.replace(/\/$/, '')}/t_${id}`;
  const connection = await mongoose.createConnection(mongoUrl).asPromise();
  const prefix = `t_${id}.`;
  return {
    id,
    prefix,
    amqpUrl: urls.amqp,
    mongoUrl,
    connection,
    messaging: (opts) => createMessaging({ ...opts, amqpUrl: urls.amqp, connection, prefix }),
    async close() {
      await connection.dropDatabase().catch(() => {});
      await connection.close();
      await deleteBrokerObjects(urls.amqpManagement, prefix);
    },
  };
}

/** A minimal aggregate for tests: counts the effects applied to it. */
export interface Tally extends AggregateFields {
  _id: string;
  count: number;
}

export function tallyModel(connection: Connection, name = 'Tally'): Model<Tally> {
  const schema = new Schema<Tally>({ _id: String, count: { type: Number, default: 0 } });
  schema.plugin(aggregatePlugin);
  return connection.model<Tally>(name, schema);
}

/** A valid `payment.authorize` body for order `orderId`. */
export function authorizeBody(orderId: string) {
  return { orderId, amountMinor: 1999, currency: 'EUR', paymentMethod: 'pm_card_visa' };
}

/** Publishes bytes straight to the commands exchange, as a foreign or broken producer would. */
export async function rawPublishCommand(
  h: Pick<Harness, 'amqpUrl' | 'prefix'>,
  type: string,
  body: string,
  props: { messageId?: string; correlationId?: string } = {},
): Promise<void> {
  const { connect } = await import('amqplib');
  const model = await connect(h.amqpUrl);
  try {
    const ch = await model.createConfirmChannel();
    ch.publish(`${h.prefix}commerce.commands`, type, Buffer.from(body), {
      messageId: props.messageId ?? randomBytes(8).toString('hex'),
      type,
      correlationId: props.correlationId ?? 'shop:raw',
      persistent: true,
    });
    await ch.waitForConfirms();
  } finally {
    await model.close();
  }
}

/** Starts `fixtures/worker.ts` under this Node (24) and resolves once it printed "ready". */
export async function startWorker(
  h: Pick<Harness, 'amqpUrl' | 'mongoUrl' | 'prefix'>,
  env: Record<string, string>,
) {
  const { spawn } = await import('node:child_process');
  const child = spawn(process.execPath, [new URL('./fixtures/worker.ts', import.meta.url).pathname], {
    env: { ...process.env, AMQP_URL: h.amqpUrl, MONGO_URL: h.mongoUrl, PREFIX: h.prefix, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let output = '';
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('ready')) resolve();
    });
    void exited.then((code) => reject(new Error(`worker exited (${code}) before ready`)));
  });
  return { child, exited, output: () => output };
}
