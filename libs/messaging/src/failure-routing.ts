import type { Message, MessagePropertyHeaders } from 'amqplib';
import { HEADER, republishOptions } from './envelope.ts';
import type { Names } from './names.ts';
import type { ConfirmedPublisher } from './publisher.ts';

export interface FailureInfo {
  /** Why it is parked: `non-retryable`, `retries-exhausted`, `UNPARSABLE_BODY`, … */
  reason: string;
  code: string;
  message: string;
  stack?: string | undefined;
  attempts: number;
}

// AMQP header tables are capped (amqplib: 64 KiB); a stack must never make the DLQ write fail.
const clip = (s: string | undefined, n: number) => (s && s.length > n ? `${s.slice(0, n)}…` : s);

function originHeaders(msg: Message, queue: string): MessagePropertyHeaders {
  const h = msg.properties.headers ?? {};
  return {
    'x-original-exchange': h['x-original-exchange'] ?? msg.fields.exchange,
    'x-original-routing-key': h['x-original-routing-key'] ?? msg.fields.routingKey,
    'x-original-queue': queue,
    [HEADER.firstFailureAt]: h[HEADER.firstFailureAt] ?? new Date().toISOString(),
  };
}

/** Sends the same message (same messageId) to a retry tier; it comes back to the work queue when due. */
export async function sendToRetry(
  publisher: ConfirmedPublisher,
  names: Names,
  msg: Message,
  tierMs: number,
  nextAttempt: number,
  lastError: { code: string; message: string },
  waits = 0,
): Promise<void> {
  const { 'x-death': _death, ...kept } = msg.properties.headers ?? {};
  const headers = {
    ...kept,
    ...originHeaders(msg, names.queue),
    [HEADER.attempt]: nextAttempt,
    [HEADER.waits]: waits,
    [HEADER.retryDueAt]: Date.now() + tierMs,
    'x-last-error-code': lastError.code,
    'x-last-error-message': clip(lastError.message, 1_000),
  };
  await publisher.publish('', names.retryQueue(tierMs), msg.content, republishOptions(msg, headers));
}

/**
 * Writes the parking copy with the reason. The caller acks the original only after this
 * resolves (confirmed): if the process is SIGKILLed in between, the original is redelivered
 * and parked again (a duplicate in the DLQ, absorbed on replay) — never lost.
 */
export async function sendToDlq(
  publisher: ConfirmedPublisher,
  names: Names,
  msg: Message,
  info: FailureInfo,
) {
  const headers = {
    ...(msg.properties.headers ?? {}),
    ...originHeaders(msg, names.queue),
    'x-dlq-reason': info.reason,
    'x-error-code': info.code,
    'x-error-message': clip(info.message, 1_000),
    'x-error-stack': clip(info.stack, 4_000),
    'x-attempts': info.attempts,
    'x-dead-lettered-at': new Date().toISOString(),
  };
  await publisher.publish('', names.dlq, msg.content, republishOptions(msg, headers));
}
