import type { AggregateStore, HandlerContext } from '@commerce-sync/messaging';
import { currentTraceId } from '@commerce-sync/telemetry';
import { placedToLabel, statusEntered } from '../adapters/operator-metrics.ts';
import type { OrderDocument } from '../adapters/order-model.ts';
import type { SweepIndex } from '../adapters/sweep-index.ts';
import type { Order } from '../domain/order.ts';
import type { SagaEvent } from '../domain/saga-event.ts';
import { type Decision, transition } from '../domain/transition.ts';

export interface SagaDeps {
  orders: AggregateStore<OrderDocument>;
  /** The sweeper's view of orders needing attention, kept after every order write. */
  index: Pick<SweepIndex, 'sync'>;
  maxSweeps?: number;
  deadlinesMs?: Record<string, number>;
  logger: { info(obj: object, msg?: string): void };
}

export interface ApplyOptions {
  cause: string;
  /** Idempotency key within the order (webhook id, operator request, sweep deadline). */
  key?: string;
  create?: () => Partial<OrderDocument>;
  /** The order is most likely new: insert without reading first (see the store's likelyNew). */
  likelyNew?: boolean;
  /** Inside a message handler: the inbox key is the message's. */
  ctx?: HandlerContext;
}

/**
 * One saga step on the stored order: transition, then order + outgoing messages + inbox
 * key in a single-document write. Ignored and refused events change nothing but the
 * timeline of a refusal (operators see that a cancellation came too late).
 */
export async function applySagaEvent(deps: SagaDeps, orderId: string, event: SagaEvent, opts: ApplyOptions) {
  let decision: Decision | undefined;
  let entryStillRight = false;
  let writeBackStarted = false;
  let entered: { statuses: string[]; placedAt: string } | undefined;
  const mutate = (doc: OrderDocument & { set(v: object): void; toObject(): object }) => {
    const now = new Date();
    const traceId = currentTraceId();
    const current = doc.toObject() as Order;
    decision = transition(current, event, {
      now,
      cause: opts.cause,
      ...(traceId ? { traceId } : {}),
      ...(deps.maxSweeps !== undefined ? { maxSweeps: deps.maxSweeps } : {}),
      ...(deps.deadlinesMs ? { deadlinesMs: deps.deadlinesMs } : {}),
    });
    if (decision.outcome === 'refused') {
      const note = `refused: ${decision.reason}`;
      const entry = {
        at: now.toISOString(),
        from: current.status,
        to: current.status,
        event: event.type,
        cause: opts.cause,
        note,
      };
      doc.set({ timeline: [...current.timeline, entry], updatedAt: now });
      return [];
    }
    if (decision.outcome !== 'applied') return [];
    const next = decision.order;
    // A new order counts as received (orders/s), then every status it enters.
    const statuses = [
      ...(current.timeline.length === 0 ? [current.status] : []),
      ...(next.status !== current.status ? [next.status] : []),
    ];
    entered = { statuses, placedAt: next.placedAt };
    entryStillRight = entryHolds(current, next);
    writeBackStarted = !pendingOf(current) && pendingOf(next);
    doc.set({ ...next, writeBackPending: next.writeBacks.some((w) => !w.done), updatedAt: now });
    return decision.messages;
  };
  const result = opts.ctx
    ? await opts.ctx.apply(deps.orders, orderId, { mutate, ...(opts.create ? { create: opts.create } : {}) })
    : await deps.orders.apply(orderId, {
        mutate,
        ...(opts.key ? { key: opts.key } : {}),
        ...(opts.create ? { create: opts.create } : {}),
        ...(opts.likelyNew ? { likelyNew: true } : {}),
      });
  // Skipped when the entry still serves (see entryHolds). Always written when the key was
  // seen: a crash after the order write but before this one is repaired by the redelivery
  // (message, delivery or sweep) that lands here again.
  if (result.applied && entered) countEntered(entered);
  const unchanged = result.applied && (decision?.outcome !== 'applied' || entryStillRight);
  if (result.doc && !unchanged) await deps.index.sync(result.doc, new Date(), { writeBackStarted });
  if (decision && decision.outcome !== 'applied')
    deps.logger.info(
      { orderId, event: event.type, outcome: decision.outcome, reason: decision.reason },
      'saga event not applied',
    );
  return { applied: result.applied, decision, order: result.doc, writeBackStarted };
}

function countEntered({ statuses, placedAt }: { statuses: string[]; placedAt: string }): void {
  for (const status of statuses) statusEntered.inc({ status });
  const since = Date.parse(placedAt);
  if (statuses.includes('shipped') && Number.isFinite(since))
    placedToLabel.observe(Math.max(0, (Date.now() - since) / 1000));
}

const pendingOf = (o: Pick<Order, 'writeBacks'>) => o.writeBacks.some((w) => !w.done);

/**
 * Whether the sweep entry written for `current` still serves `next`, so the step needs no
 * index write (one database write less per step: a happy order moves its deadline forward
 * at every step). It does when write-backs stay as they
 * were and the deadline moves later: an entry due early only makes the sweeper read the
 * order, find it not due and re-sync it (sweep.ts). A deadline that appears, moves earlier
 * or goes away is written (the last deletes the entry at once instead of a sweep later).
 */
function entryHolds(current: Order, next: Order): boolean {
  if (pendingOf(current) !== pendingOf(next)) return false;
  if (next.deadlineAt == null || current.deadlineAt == null) return false;
  return next.deadlineAt >= current.deadlineAt;
}
