import type { CancelReason, OrderStatus } from '@commerce-sync/contracts';
import { type Outgoing, pendingFor, toOutgoing } from './commands.ts';
import { compensationsFor } from './compensations.ts';
import { orderPlaced } from './events.ts';
import { TransitionNotAllowed } from './errors.ts';
import type { Order, PendingCommandType, WriteBack } from './order.ts';
import type { SagaEvent } from './saga-event.ts';
import type { Action } from './transitions.ts';

export interface StepContext {
  now: Date;
  /** The status before this step. */
  from: OrderStatus;
  /** Re-sends by the sweeper before an order is escalated to needs_attention. */
  maxSweeps: number;
  /** Set by an action to explain a step in the timeline. */
  note?: string;
}

type Run = (order: Order, event: SagaEvent, ctx: StepContext) => Outgoing[];

function send(order: Order, type: PendingCommandType, now: Date): Outgoing[] {
  const p = pendingFor(order, type, now);
  order.pending = [...order.pending.filter((x) => x.type !== type), p];
  return [toOutgoing(p)];
}

const CANCEL_REASONS: Partial<Record<SagaEvent['type'], CancelReason>> = {
  'payment.failed': 'payment_declined',
  'stock.rejected': 'out_of_stock',
  'payment.capture_failed': 'capture_failed',
};

function cancelReason(order: Order, event: SagaEvent): CancelReason {
  if (event.type === 'cancel.requested')
    return event.by === 'customer' ? 'customer_cancelled' : 'operator_cancelled';
  return CANCEL_REASONS[event.type] ?? order.cancelRequested ?? 'operator_cancelled';
}

function compensate(order: Order, _e: SagaEvent, ctx: StepContext): Outgoing[] {
  const planned = new Set(order.pending.map((p) => p.type));
  return compensationsFor(order)
    .filter((t) => !planned.has(t))
    .flatMap((t) => send(order, t, ctx.now));
}

/** The command that makes progress from a state, for an operator's retry. */
const RESUME_COMMAND: Partial<Record<OrderStatus, PendingCommandType>> = {
  received: 'payment.authorize',
  authorizing: 'payment.authorize',
  reserving: 'stock.reserve',
  capturing: 'payment.capture',
  fulfilling: 'shipment.create',
};

const FORWARD = new Set<PendingCommandType>([
  'payment.authorize',
  'stock.reserve',
  'payment.capture',
  'shipment.create',
]);

function writeBack(order: Order, wb: Omit<WriteBack, 'done'>): Outgoing[] {
  if (!order.writeBacks.some((w) => w.id === wb.id)) order.writeBacks.push({ ...wb, done: false });
  return [];
}

const TRACKING_EVENT_STATUS = {
  'tracking.in_transit': 'IN_TRANSIT',
  'tracking.out_for_delivery': 'OUT_FOR_DELIVERY',
  'tracking.delivered': 'DELIVERED',
  'tracking.exception': 'FAILURE',
} as const;

export const ACTIONS: Record<Action, Run> = {
  announce: (o, _e, c) => [orderPlaced(o, c.now)],
  authorize: (o, _e, c) => send(o, 'payment.authorize', c.now),
  reserve: (o, _e, c) => send(o, 'stock.reserve', c.now),
  capture: (o, _e, c) => send(o, 'payment.capture', c.now),
  ship: (o, _e, c) => send(o, 'shipment.create', c.now),
  commitStock: (o, _e, c) => send(o, 'stock.commit', c.now),
  writeFulfillment: (o) => writeBack(o, { id: 'fulfillment', kind: 'fulfillment' }),
  writeEvent: (o, e) => {
    const status = TRACKING_EVENT_STATUS[e.type as keyof typeof TRACKING_EVENT_STATUS];
    return status ? writeBack(o, { id: `event:${status}`, kind: 'fulfillment_event', status }) : [];
  },
  cancel: (o, e, c) => {
    o.reason = cancelReason(o, e);
    o.cancelRequested = undefined;
    // Forward steps still in flight are not re-sent; if they complete, their answer is undone.
    o.pending = o.pending.filter((p) => !FORWARD.has(p.type));
    return compensate(o, e, c);
  },
  compensate,
  attention: (o, e, c) => {
    o.reason = 'reason' in e ? e.reason : 'unknown';
    o.resumeFrom = c.from;
    return [];
  },
  exception: (o, e) => {
    o.reason = 'trackingStatus' in e ? e.trackingStatus : 'failure';
    return [];
  },
  requestLabelCancel: (o, e, c) => {
    o.cancelRequested = cancelReason(o, e);
    c.note = 'cancellation requested: refunding the label first';
    return send(o, 'shipment.cancel', c.now);
  },
  cancelRefused: (o, e, c) => {
    o.cancelRequested = undefined;
    c.note = `cancellation refused: ${'reason' in e ? e.reason : 'parcel moving'}`;
    return [];
  },
  resume: (o, _e, c) => {
    const from = o.resumeFrom ?? 'received';
    const command = RESUME_COMMAND[from];
    o.status = from === 'received' ? 'authorizing' : from;
    o.reason = undefined;
    o.resumeFrom = undefined;
    o.sweepAttempts = 0;
    if (!command) return o.pending.map((p) => toOutgoing({ ...p, sentAt: c.now.toISOString() }));
    if (command === 'payment.authorize' && !o.paymentMethod)
      throw new TransitionNotAllowed('retry.requested', 'needs_attention', 'the order has no payment method');
    return send(o, command, c.now);
  },
  resend: (o, _e, c) => {
    o.sweepAttempts += 1;
    if (o.sweepAttempts <= c.maxSweeps) {
      c.note = `re-sent ${o.pending.map((p) => p.type).join(', ')} (attempt ${o.sweepAttempts})`;
      return o.pending.flatMap((p) => send(o, p.type, c.now));
    }
    if (RESUME_COMMAND[o.status]) {
      o.resumeFrom = o.status;
      o.reason = `stuck_in_${o.status}`;
      o.status = 'needs_attention';
    } else c.note = `gave up re-sending ${o.pending.map((p) => p.type).join(', ')}`;
    return [];
  },
};
