import { context, propagation, type Span, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { OutboxRecord } from './outbox-record.ts';

const tracer = trace.getTracer('@commerce-sync/messaging');

/** Runs `fn` in a PRODUCER span whose parent is the trace stored with the outbox record. */
export function withPublishSpan<T>(
  record: OutboxRecord,
  exchange: string,
  fn: (headers: Record<string, string>) => Promise<T>,
): Promise<T> {
  const parent = propagation.extract(context.active(), record.trace ?? {});
  const attributes = {
    'messaging.system': 'rabbitmq',
    'messaging.operation.type': 'send',
    'messaging.destination.name': exchange,
    'messaging.rabbitmq.destination.routing_key': record.type,
    'messaging.message.id': record.messageId,
    'messaging.message.conversation_id': record.correlationId,
    'message.type': record.type,
    'order.id': record.correlationId,
  };
  return tracer.startActiveSpan(
    `publish ${exchange}`,
    { kind: SpanKind.PRODUCER, attributes },
    parent,
    async (span) => {
      const headers: Record<string, string> = {};
      propagation.inject(context.active(), headers);
      return finish(span, () => fn(headers));
    },
  );
}

export interface ProcessSpanFacts {
  queue: string;
  headers: Record<string, unknown> | undefined;
  messageId?: string;
  type: string;
  correlationId?: string;
}

/** Runs `fn` in a CONSUMER span continuing the publisher's trace from the AMQP headers. */
export function withProcessSpan<T>(facts: ProcessSpanFacts, fn: (span: Span) => Promise<T>): Promise<T> {
  const carrier: Record<string, string> = {};
  for (const [k, v] of Object.entries(facts.headers ?? {})) if (typeof v === 'string') carrier[k] = v;
  const parent = propagation.extract(context.active(), carrier);
  const attributes = {
    'messaging.system': 'rabbitmq',
    'messaging.operation.type': 'process',
    'messaging.destination.name': facts.queue,
    'messaging.message.id': facts.messageId ?? '',
    'messaging.message.conversation_id': facts.correlationId ?? '',
    'message.type': facts.type,
    'order.id': facts.correlationId ?? '',
  };
  return tracer.startActiveSpan(
    `process ${facts.queue}`,
    { kind: SpanKind.CONSUMER, attributes },
    parent,
    (span) => finish(span, () => fn(span)),
  );
}

async function finish<T>(span: Span, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    span.recordException(err as Error);
    span.setStatus({ code: SpanStatusCode.ERROR, message: (err as Error).message });
    throw err;
  } finally {
    span.end();
  }
}
