import type { OrderStatus } from '@commerce-sync/contracts';
import { ACTIONS, type StepContext } from './actions.ts';
import { ANSWERED_BY, type Outgoing } from './commands.ts';
import { EventArrivedEarly, TransitionNotAllowed } from './errors.ts';
import { statusChanged } from './events.ts';
import { recordFacts } from './facts.ts';
import type { Order } from './order.ts';
import type { SagaEvent, SagaEventType } from './saga-event.ts';
import { EXPECTED_AT, RANK, REFUSE, RESUME, STAY, type Step, TRANSITIONS } from './transitions.ts';

export interface TransitionContext {
  now: Date;
  /** Message id, webhook id or operator that caused the event (kept in the timeline). */
  cause: string;
  traceId?: string;
  /** Sweeper re-sends before escalating (default 3). */
  maxSweeps?: number;
  deadlinesMs?: Partial<Record<OrderStatus, number>>;
}

export type Decision =
  | { outcome: 'applied'; order: Order; messages: Outgoing[] }
  | { outcome: 'ignored'; reason: string }
  | { outcome: 'refused'; reason: string };

/** How long a state may wait for the answer to its command before the sweeper re-sends it. */
export const DEFAULT_DEADLINES_MS: Partial<Record<OrderStatus, number>> = {
  authorizing: 120_000,
  reserving: 120_000,
  capturing: 120_000,
  fulfilling: 300_000,
  shipped: 300_000,
  cancelled: 300_000,
};

/** Answers to compensations and follow-ups: they settle a pending command and never start a step. */
const ANSWERS = new Set<SagaEventType>([
  'payment.voided',
  'payment.refunded',
  'stock.released',
  'stock.committed',
  'shipment.cancelled',
  'shipment.cancel_refused',
]);

function awaits(order: Order, type: SagaEventType): boolean {
  return order.pending.some((p) => ANSWERED_BY[p.type].includes(type));
}

type Found = Step | { ignore: string };

function stepFor(order: Order, event: SagaEvent): Found {
  const type = event.type;
  if (ANSWERS.has(type) && !awaits(order, type)) return { ignore: `${type} answers nothing pending` };
  if (type === 'deadline.passed' && order.pending.length === 0) return { ignore: 'nothing pending' };
  const own = TRANSITIONS[order.status][type];
  if (own) return own;
  // An order escalated while waiting still takes the answer it was waiting for.
  const resumed = order.resumeFrom && awaits(order, type) && TRANSITIONS[order.resumeFrom][type];
  if (order.status === 'needs_attention' && resumed) return resumed;
  if (ANSWERS.has(type)) return [STAY];
  const expectedAt = EXPECTED_AT[type];
  if (expectedAt !== undefined) {
    if (RANK[order.status] > expectedAt) return { ignore: `late or duplicate ${type}` };
    throw new EventArrivedEarly(type, order.status);
  }
  if (type === 'deadline.passed') return { ignore: 'no deadline in this state' };
  if (type === 'cancel.requested' && order.status === 'cancelled') return { ignore: 'already cancelled' };
  throw new TransitionNotAllowed(type, order.status);
}

/**
 * Applies one event to an order: the next order (a copy) and the messages to send, or
 * why the event is ignored or refused. Throws EventArrivedEarly / TransitionNotAllowed.
 */
export function transition(current: Order, event: SagaEvent, ctx: TransitionContext): Decision {
  const step = stepFor(current, event);
  if (step === REFUSE) return { outcome: 'refused', reason: `the parcel is already ${current.status}` };
  if ('ignore' in step) return { outcome: 'ignored', reason: step.ignore };

  const order = structuredClone(current);
  const from = order.status;
  recordFacts(order, event);
  order.pending = order.pending.filter((p) => !ANSWERED_BY[p.type].includes(event.type));
  const [to, ...actions] = step;
  if (to !== STAY && to !== RESUME) order.status = to;
  const c: StepContext = { now: ctx.now, from, maxSweeps: ctx.maxSweeps ?? 3 };
  const messages = actions.flatMap((a) => ACTIONS[a](order, event, c));
  if (order.status !== from) {
    order.sweepAttempts = 0;
    messages.push(statusChanged(order, from, ctx.now));
  }
  const wait = { ...DEFAULT_DEADLINES_MS, ...ctx.deadlinesMs }[order.status];
  const stillWaiting = order.pending.length > 0 && wait !== undefined && !c.note?.startsWith('gave up');
  order.deadlineAt = stillWaiting ? new Date(ctx.now.getTime() + wait).toISOString() : null;
  order.timeline.push({
    at: ctx.now.toISOString(),
    from,
    to: order.status,
    event: event.type,
    cause: ctx.cause,
    ...(ctx.traceId ? { traceId: ctx.traceId } : {}),
    ...(c.note ? { note: c.note } : {}),
  });
  return { outcome: 'applied', order, messages };
}
