import { getContract } from '@commerce-sync/contracts';
import type { Message, MessageProperties, Options } from 'amqplib';
import type { OutboxRecord } from './outbox-record.ts';

/** What a handler receives: AMQP metadata made plain, and a payload its contract accepted. */
export interface Envelope<P = unknown> {
  messageId: string;
  type: string;
  correlationId: string;
  causationId?: string;
  timestamp: Date;
  /** 1 on first delivery; counts handler failures that went through a retry tier. */
  attempt: number;
  payload: P;
}

export const HEADER = {
  causationId: 'x-causation-id',
  schemaVersion: 'x-schema-version',
  attempt: 'x-attempt',
  firstFailureAt: 'x-first-failure-at',
  /** Retries that waited out an absent dependency without spending an attempt. */
  waits: 'x-waits',
  /** When a message in a retry tier is due back in its work queue (epoch ms). */
  retryDueAt: 'x-retry-due-at',
} as const;

/** AMQP properties of a message leaving the outbox; the ids are those stored, so a re-send is a duplicate. */
export function publishOptions(record: OutboxRecord, traceHeaders: Record<string, string>): Options.Publish {
  return {
    messageId: record.messageId,
    type: record.type,
    correlationId: record.correlationId,
    timestamp: Math.floor(new Date(record.createdAt).getTime() / 1000),
    contentType: 'application/json',
    persistent: true,
    mandatory: record.kind === 'command',
    headers: {
      ...traceHeaders,
      [HEADER.schemaVersion]: record.schemaVersion,
      ...(record.causationId ? { [HEADER.causationId]: record.causationId } : {}),
    },
  };
}

/** The same logical message again (retry tier, DLQ, replay): ids kept, headers replaced. */
export function republishOptions(
  msg: Pick<Message, 'properties' | 'fields'>,
  headers: Record<string, unknown>,
) {
  const p = msg.properties;
  return {
    messageId: p.messageId,
    type: p.type ?? msg.fields.routingKey,
    correlationId: p.correlationId,
    timestamp: p.timestamp,
    contentType: p.contentType ?? 'application/json',
    persistent: true,
    headers,
  } satisfies Options.Publish;
}

export type ParsedDelivery =
  | { ok: true; envelope: Envelope }
  | {
      ok: false;
      reason: string;
      code: 'MISSING_PROPERTY' | 'UNPARSABLE_BODY' | 'UNKNOWN_TYPE' | 'SCHEMA_INVALID';
    };

/** Turns a delivery into an envelope, or says exactly why it cannot be one (for the DLQ). */
export function parseDelivery(msg: Pick<Message, 'content' | 'properties' | 'fields'>): ParsedDelivery {
  const p: MessageProperties = msg.properties;
  const type: string = p.type ?? msg.fields.routingKey;
  if (!p.messageId) return { ok: false, code: 'MISSING_PROPERTY', reason: 'message has no messageId' };
  let body: unknown;
  try {
    body = JSON.parse(msg.content.toString('utf8'));
  } catch (err) {
    return { ok: false, code: 'UNPARSABLE_BODY', reason: `body is not JSON: ${(err as Error).message}` };
  }
  const contract = getContract(type);
  if (!contract) return { ok: false, code: 'UNKNOWN_TYPE', reason: `unknown message type "${type}"` };
  const parsed = contract.schema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? issue.path.join('.') : '(body)';
    return {
      ok: false,
      code: 'SCHEMA_INVALID',
      reason: `${type} body invalid at ${where}: ${issue?.message}`,
    };
  }
  const headers = p.headers ?? {};
  const causationId = headers[HEADER.causationId];
  return {
    ok: true,
    envelope: {
      messageId: String(p.messageId),
      type,
      correlationId: String(p.correlationId ?? ''),
      ...(causationId ? { causationId: String(causationId) } : {}),
      timestamp: new Date(typeof p.timestamp === 'number' ? p.timestamp * 1000 : Date.now()),
      attempt: Number(headers[HEADER.attempt] ?? 1),
      payload: parsed.data,
    },
  };
}
