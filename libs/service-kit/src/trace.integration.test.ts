import assert from 'node:assert/strict';
import { type ChildProcess, fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { infraUrls, waitFor } from '@commerce-sync/test/support/infra';
import mongoose from 'mongoose';
import { type ReceivedSpan, startOtlpReceiver } from './fixtures/otlp-receiver.ts';

const suffix = randomUUID().slice(0, 8);
const dbName = `t_kit_trace_${suffix}`;
const queue = `t.kit.trace.${suffix}`;
const children: ChildProcess[] = [];
let receiver: Awaited<ReturnType<typeof startOtlpReceiver>>;

function startService(file: string, service: string): ChildProcess {
  const child = fork(new URL(file, import.meta.url), {
    execArgv: ['--import', '@commerce-sync/telemetry/register'],
    env: {
      ...process.env,
      OTEL_SERVICE_NAME: service,
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_TRACES_EXPORTER: 'otlp',
      OTEL_BSP_SCHEDULE_DELAY: '100',
      MONGO_URL: infraUrls().mongo,
      AMQP_URL: infraUrls().amqp,
      DB_NAME: dbName,
      QUEUE: queue,
      OUTBOUND_URL: `${receiver.url}/outbound`,
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  children.push(child);
  return child;
}

const message = <T>(child: ChildProcess) =>
  new Promise<T>((resolve) => child.once('message', (m) => resolve(m as T)));

before(async () => {
  receiver = await startOtlpReceiver();
});
after(async () => {
  for (const c of children) c.kill('SIGKILL');
  receiver.close();
  const conn = await mongoose.createConnection(infraUrls().mongo, { dbName }).asPromise();
  await conn.dropDatabase();
  await conn.close();
  const amqp = await import('amqplib');
  const c = await amqp.connect(infraUrls().amqp);
  const ch = await c.createChannel();
  await ch.deleteQueue(queue);
  await c.close();
});

describe('one trace across processes', () => {
  it('when a request writes to the outbox and a second process consumes and calls out, then all spans share one trace', async () => {
    const producer = startService('./fixtures/trace-producer.ts', 'trace-producer');
    const consumer = startService('./fixtures/trace-consumer.ts', 'trace-consumer');
    const { port } = await message<{ port: number }>(producer);
    await message(consumer);

    const res = await fetch(`http://127.0.0.1:${port}/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ orderId: 'o-1' }),
    });
    assert.equal(res.status, 202);

    const outbound = await waitFor(
      () => receiver.spans.find((s) => s.service === 'trace-consumer' && s.scope.includes('undici')),
      { timeoutMs: 20_000, what: 'the consumer outbound HTTP span' },
    );
    const server = receiver.spans.find(
      (s) => s.service === 'trace-producer' && s.kind === 2 && s.name.includes('/orders'),
    );
    assert.ok(server, 'the producer server span was exported');
    assert.equal(outbound.traceId, server.traceId, 'consumer call continues the request trace');

    const trace = receiver.spans.filter((s) => s.traceId === server.traceId);
    const byId = new Map(trace.map((s) => [s.spanId, s]));
    const publish = trace.find((s) => s.service === 'trace-producer' && s.kind === 4);
    const consume = trace.find((s) => s.service === 'trace-consumer' && s.kind === 5);
    assert.ok(publish && consume, `publish and consume spans in the trace: ${names(trace)}`);
    assert.equal(consume.parentSpanId, publish.spanId, 'consume span is a child of the publish span');
    assert.ok(ancestors(outbound, byId).includes(consume), 'the outbound call nests under the consume span');
    assert.ok(ancestors(publish, byId).includes(server), 'the relay publish nests under the request');
  });
});

function ancestors(span: ReceivedSpan, byId: Map<string, ReceivedSpan>): ReceivedSpan[] {
  const out: ReceivedSpan[] = [];
  for (let p = byId.get(span.parentSpanId); p; p = byId.get(p.parentSpanId)) out.push(p);
  return out;
}

const names = (spans: ReceivedSpan[]) => spans.map((s) => `${s.service}:${s.name}`).join(', ');
