import type { z } from 'zod';
import { CustomerRedacted, CustomerRedactionRequested } from './customers.ts';
import type { Contract } from './define.ts';
import { NotificationFailed, NotificationSent } from './notifications.ts';
import { OrderPlaced, OrderStatusChanged } from './orders.ts';
import {
  PaymentAuthorize,
  PaymentAuthorized,
  PaymentCapture,
  PaymentCaptured,
  PaymentCaptureFailed,
  PaymentFailed,
  PaymentRefund,
  PaymentRefunded,
  PaymentVoid,
  PaymentVoided,
} from './payments.ts';
import {
  ShipmentCancel,
  ShipmentCancelled,
  ShipmentCancelRefused,
  ShipmentCreate,
  ShipmentFailed,
  ShipmentLabelPurchased,
  TrackingUpdated,
} from './shipments.ts';
import {
  StockCommit,
  StockCommitted,
  StockLow,
  StockRejected,
  StockRelease,
  StockReleased,
  StockReserve,
  StockReserved,
} from './stock.ts';

const all = [
  OrderPlaced,
  OrderStatusChanged,
  PaymentAuthorize,
  PaymentAuthorized,
  PaymentFailed,
  PaymentCapture,
  PaymentCaptured,
  PaymentCaptureFailed,
  PaymentVoid,
  PaymentVoided,
  PaymentRefund,
  PaymentRefunded,
  StockReserve,
  StockReserved,
  StockRejected,
  StockRelease,
  StockReleased,
  StockCommit,
  StockCommitted,
  StockLow,
  ShipmentCreate,
  ShipmentLabelPurchased,
  ShipmentFailed,
  ShipmentCancel,
  ShipmentCancelled,
  ShipmentCancelRefused,
  TrackingUpdated,
  NotificationSent,
  NotificationFailed,
  CustomerRedactionRequested,
  CustomerRedacted,
] as const;

type AnyContract = (typeof all)[number];

/** Every message type of the system. */
export type MessageType = AnyContract['type'];

/** The body type of a message type, e.g. `Payload<'payment.authorize'>`. */
export type Payload<T extends MessageType> = z.infer<Extract<AnyContract, { type: T }>['schema']>;

export type CommandType = Extract<AnyContract, { kind: 'command' }>['type'];
export type EventType = Extract<AnyContract, { kind: 'event' }>['type'];

/** The whole language of the system, keyed by type: one place to read it. */
export const messageTypes = Object.freeze(
  Object.fromEntries(all.map((c) => [c.type, c])) as {
    [K in MessageType]: Extract<AnyContract, { type: K }>;
  },
);

export function isMessageType(type: string): type is MessageType {
  return Object.hasOwn(messageTypes, type);
}

/** The contract of a type, or undefined for a type the system does not know. */
export function getContract(type: string): Contract | undefined {
  return isMessageType(type) ? messageTypes[type] : undefined;
}

export type ParseResult<T extends MessageType> =
  | { ok: true; type: T; payload: Payload<T> }
  | { ok: false; reason: string; issues?: z.core.$ZodIssue[] };

/** Validates a body against its contract; never throws. */
export function parseMessage<T extends MessageType>(type: T, body: unknown): ParseResult<T>;
export function parseMessage(type: string, body: unknown): ParseResult<MessageType>;
export function parseMessage(type: string, body: unknown): ParseResult<MessageType> {
  const contract = getContract(type);
  if (!contract) return { ok: false, reason: `unknown message type "${type}"` };
  const result = contract.schema.safeParse(body);
  if (result.success) return { ok: true, type: contract.type as MessageType, payload: result.data as never };
  const first = result.error.issues[0];
  const where = first?.path.length ? first.path.join('.') : '(body)';
  return {
    ok: false,
    reason: `${type} v${contract.version} body invalid at ${where}: ${first?.message ?? 'invalid'}`,
    issues: result.error.issues,
  };
}
