import { randomUUID } from 'node:crypto';
import { getContract, type MessageType, type Payload } from '@commerce-sync/contracts';
import { context, propagation } from '@opentelemetry/api';
import { MessageInvalid } from './errors.ts';

/** A message a handler or route wants sent; `correlationId` defaults to the order being handled. */
export type OutgoingMessage = {
  [T in MessageType]: { type: T; payload: Payload<T>; correlationId?: string };
}[MessageType];

/**
 * What the outbox stores for one message until the relay has it confirmed. The body is kept
 * as a JSON string: byte-exact on the wire and free of the field-name rules of the server.
 */
export interface OutboxRecord {
  messageId: string;
  type: string;
  kind: 'command' | 'event';
  schemaVersion: number;
  correlationId: string;
  causationId?: string;
  body: string;
  createdAt: Date;
  /** W3C trace context of the code that emitted it, so the publish continues that trace. */
  trace?: Record<string, string>;
}

export interface RecordDefaults {
  correlationId?: string;
  causationId?: string;
  now?: Date;
}

/** Validates against the contract (publish-side validation) and stamps ids and trace context. */
export function toOutboxRecord(message: OutgoingMessage, defaults: RecordDefaults = {}): OutboxRecord {
  const contract = getContract(message.type);
  if (!contract) throw new MessageInvalid(`unknown message type "${message.type}"`);
  const parsed = contract.schema.safeParse(message.payload);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new MessageInvalid(
      `${message.type} body invalid at ${issue?.path.join('.') || '(body)'}: ${issue?.message ?? 'invalid'}`,
    );
  }
  const correlationId = message.correlationId ?? defaults.correlationId;
  if (!correlationId) throw new MessageInvalid(`${message.type} needs a correlationId (the order id)`);
  const trace: Record<string, string> = {};
  propagation.inject(context.active(), trace);
  return {
    messageId: randomUUID(),
    type: contract.type,
    kind: contract.kind,
    schemaVersion: contract.version,
    correlationId,
    ...(defaults.causationId ? { causationId: defaults.causationId } : {}),
    body: JSON.stringify(parsed.data),
    createdAt: defaults.now ?? new Date(),
    ...(Object.keys(trace).length ? { trace } : {}),
  };
}
