// Stops and restarts a PRIVATE RabbitMQ and MongoDB-wire server (ports 5678/27028, data in
// .local/kit-test) — never the shared ones other suites use.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { waitFor } from '@commerce-sync/test/support/infra';
import amqp, { type ChannelModel } from 'amqplib';
import { connectMongo, type MongoHandle } from './connect-mongo.ts';
import { createApp } from './create-app.ts';
import { memoryLogger } from './test-logger.ts';

const root = new URL('../../../', import.meta.url).pathname;
const PRIVATE_ENV = {
  ...process.env,
  COMMERCE_SYNC_LOCAL_DIR: `${root}.local/kit-test`,
  RABBITMQ_PORT: '5678',
  RABBITMQ_MANAGEMENT_PORT: '15678',
  RABBITMQ_DIST_PORT: '25678',
  RABBITMQ_NODENAME: 'kittest@localhost',
  MONGO_PORT: '27028',
};
const AMQP_URL = 'amqp://guest:guest@127.0.0.1:5678';
const infra = (action: 'up' | 'down', ...parts: Array<'rabbit' | 'mongo'>) =>
  execFileSync(
    'bash',
    [`${root}deploy/local/infra.sh`, action, ...(parts.length ? parts : ['rabbit', 'mongo'])],
    {
      env: PRIVATE_ENV,
      stdio: 'ignore',
    },
  );

// A broker check with the shape messaging.health() has: reconnects lazily when asked.
let broker: ChannelModel | undefined;
async function brokerHealth() {
  if (!broker) {
    broker = await amqp.connect(AMQP_URL, { timeout: 1_000 });
    broker.on('error', () => {});
    broker.on('close', () => {
      broker = undefined;
    });
  }
  return { connected: true };
}

let mongo: MongoHandle;
let server: Server;
let base = '';

before(async () => {
  infra('up');
  const { logger } = memoryLogger();
  mongo = await connectMongo('mongodb://127.0.0.1:27028', { logger, dbName: 't_kit_ready' });
  const { app } = createApp({
    service: 'ready-test',
    logger,
    readiness: [mongo.readiness, { name: 'rabbitmq', check: brokerHealth }],
  });
  server = app.listen(0);
  await new Promise((r) => server.once('listening', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(async () => {
  server.close();
  await broker?.close().catch(() => {});
  await mongo.close();
  infra('down');
});

const readyStatus = async () => (await fetch(`${base}/readyz`)).status;

describe('/readyz against real dependencies', () => {
  it('when RabbitMQ and MongoDB stop, then /readyz turns 503 within seconds, and 200 when they return', async () => {
    await waitFor(async () => (await readyStatus()) === 200, { timeoutMs: 20_000, what: 'ready at start' });
    infra('down');
    const downAt = Date.now();
    await waitFor(async () => (await readyStatus()) === 503, { timeoutMs: 10_000, what: '503 after stop' });
    const notReadyAfterMs = Date.now() - downAt;
    infra('up');
    const upAt = Date.now();
    await waitFor(async () => (await readyStatus()) === 200, {
      timeoutMs: 60_000,
      what: '200 after restart',
    });
    console.log(
      `readyz: 503 ${notReadyAfterMs} ms after stop, 200 ${Date.now() - upAt} ms after the restart finished`,
    );
  });

  it('when only MongoDB stops, then the mongodb check fails from the driver monitor alone, and passes again when it returns', async () => {
    await waitFor(async () => (await readyStatus()) === 200, { timeoutMs: 20_000, what: 'ready at start' });
    infra('down', 'mongo');
    await waitFor(async () => (await mongo.readiness.check()) === false, {
      timeoutMs: 20_000,
      what: 'mongodb check false after stop',
    });
    infra('up', 'mongo');
    await waitFor(async () => (await mongo.readiness.check()) === true, {
      timeoutMs: 60_000,
      what: 'mongodb check true after restart',
    });
  });

  it('when readiness is asked, then it sends no command (it cannot queue behind slow work on the one pooled connection)', async () => {
    const { logger } = memoryLogger();
    const watched = await connectMongo('mongodb://127.0.0.1:27028', {
      logger,
      dbName: 't_kit_ready',
      monitorCommands: true,
    });
    const sent: string[] = [];
    watched.connection.getClient().on('commandStarted', (e) => sent.push(e.commandName));
    try {
      for (let i = 0; i < 5; i++) assert.equal(await watched.readiness.check(), true);
      await watched.connection.db!.collection('probe').findOne({}); // real commands are seen
    } finally {
      await watched.close();
    }
    // Only the find (and the driver's own endSessions at close): no ping.
    assert.deepEqual(
      sent.filter((c) => c !== 'endSessions'),
      ['find'],
    );
  });
});
