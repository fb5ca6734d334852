/**
 * Tracing overhead on a handler-like path: HTTP request → express (service-kit createApp)
 * → MongoDB insert. The same server runs in child processes with the SDK on (register +
 * OTLP/HTTP export to a local sink) and off, alternating, in ONE run; the load generator
 * lives in this (uninstrumented) process.
 *   npm run bench:telemetry   [BENCH_REQUESTS=2000 BENCH_CONCURRENCY=16 BENCH_ROUNDS=3]
 */
import { fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import mongoose from 'mongoose';
import { startOtlpReceiver } from '../../service-kit/src/fixtures/otlp-receiver.ts';

const MONGO_URL = process.env.MONGO_URL ?? 'mongodb://127.0.0.1:27017';
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 2000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const dbName = `t_bench_tel_${randomUUID().slice(0, 8)}`;

if (process.argv[2] === 'server') await serve();
else await main();

async function serve() {
  const { createApp, connectMongo } = await import('@commerce-sync/service-kit');
  const { createLogger } = await import('@commerce-sync/telemetry');
  const logger = createLogger({ service: 'bench', level: 'warn' });
  const mongo = await connectMongo(MONGO_URL, { logger, dbName });
  // A fresh collection per run: FerretDB inserts slow down as a collection grows.
  const events = mongo.connection.collection(`events_${process.pid}`);
  const { app } = createApp({
    service: 'bench',
    logger,
    rateLimit: false,
    routes: (r) =>
      r.post('/events', async (req, res) => {
        if (process.env.BENCH_PATH !== 'memory') await events.insertOne({ ...req.body, at: new Date() });
        res.status(202).json({ ok: true });
      }),
  });
  const server = app.listen(0, '127.0.0.1', () =>
    process.send?.((server.address() as { port: number }).port),
  );
  // CPU time of this process, asked for over IPC: a throughput figure alone is at the mercy
  // of whatever else the machine runs; CPU spent per request is what tracing costs.
  process.on('message', () => {
    const { user, system } = process.cpuUsage();
    process.send?.({ cpuMicros: user + system });
  });
}

async function main() {
  const sink = await startOtlpReceiver();
  for (const path of ['mongo', 'memory'] as const) {
    // Paired rounds (off then on, back to back) so drift in a shared database cancels out.
    const rpsLoss: number[] = [];
    const cpuGain: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const off = await measure('off', sink.url, path);
      const on = await measure('on', sink.url, path);
      rpsLoss.push(((off.rps - on.rps) / off.rps) * 100);
      cpuGain.push(((on.cpuPerRequest - off.cpuPerRequest) / off.cpuPerRequest) * 100);
      console.log(
        `${path} round ${round + 1}: off ${off.rps.toFixed(0)} req/s ${off.cpuPerRequest.toFixed(0)} µs CPU/req, ` +
          `on ${on.rps.toFixed(0)} req/s ${on.cpuPerRequest.toFixed(0)} µs CPU/req`,
      );
    }
    const label = path === 'mongo' ? 'HTTP → express → MongoDB insert' : 'HTTP → express → handler (no I/O)';
    console.log(
      `${label}: tracing overhead (median) ${median(cpuGain).toFixed(1)} % server CPU per request, ` +
        `${median(rpsLoss).toFixed(1)} % throughput (target ≤ 10 %)\n`,
    );
  }
  console.log(
    `${REQUESTS} requests per run, concurrency ${CONCURRENCY}, spans exported: ${sink.spans.length}`,
  );
  sink.close();
  const conn = await mongoose.createConnection(MONGO_URL, { dbName }).asPromise();
  await conn.dropDatabase();
  await conn.close();
}

async function measure(
  mode: 'on' | 'off',
  sinkUrl: string,
  path: 'mongo' | 'memory',
): Promise<{ rps: number; cpuPerRequest: number }> {
  const child = fork(new URL(import.meta.url), ['server'], {
    execArgv: mode === 'on' ? ['--import', '@commerce-sync/telemetry/register'] : [],
    env: {
      ...process.env,
      OTEL_SDK_DISABLED: mode === 'on' ? 'false' : 'true',
      OTEL_SERVICE_NAME: 'bench',
      OTEL_EXPORTER_OTLP_ENDPOINT: sinkUrl,
      OTEL_TRACES_EXPORTER: 'otlp',
      BENCH_PATH: path,
    },
  });
  const port = await new Promise<number>((resolve) => child.once('message', (p) => resolve(p as number)));
  const url = `http://127.0.0.1:${port}/events`;
  await load(url, 200); // warm-up: JIT, pools
  const cpu = async () => {
    child.send('cpu');
    return new Promise<number>((resolve) =>
      child.once('message', (m) => resolve((m as { cpuMicros: number }).cpuMicros)),
    );
  };
  const cpuBefore = await cpu();
  const started = performance.now();
  await load(url, REQUESTS);
  const seconds = (performance.now() - started) / 1000;
  const cpuPerRequest = ((await cpu()) - cpuBefore) / REQUESTS;
  child.kill();
  return { rps: REQUESTS / seconds, cpuPerRequest };
}

async function load(url: string, total: number) {
  let next = 0;
  const worker = async () => {
    while (next++ < total) {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ type: 'order.placed', orderId: `o-${next}` }),
      });
      await res.arrayBuffer();
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}
