import {
  type Charge,
  type Customer,
  emptyStats,
  type PaymentIntent,
  type Refund,
  type SimStats,
  type StripeEvent,
} from './objects.ts';

/** Everything the simulator remembers, in memory; `reset()` forgets it. */
export interface SimState {
  intents: Map<string, PaymentIntent>;
  charges: Map<string, Charge>;
  refunds: Map<string, Refund>;
  customers: Map<string, Customer>;
  events: StripeEvent[];
  stats: SimStats;
}

export function emptyState(): SimState {
  return {
    intents: new Map(),
    charges: new Map(),
    refunds: new Map(),
    customers: new Map(),
    events: [],
    stats: emptyStats(),
  };
}

/** What a route knows about the request that caused an effect (goes into the event's `request`). */
export interface RequestInfo {
  requestId: string;
  idempotencyKey: string | null;
}

/** Emits a Stripe event for an object that changed (the webhook part decides where it goes). */
export type EmitEvent = (
  type: string,
  object: unknown,
  req: RequestInfo | null,
  previousAttributes?: Record<string, unknown>,
) => void;

/** Newest first, like every Stripe list; `starting_after` pages on. */
export function listPage<T extends { id: string }>(
  items: T[],
  opts: { limit?: number; startingAfter?: string; url: string },
): { object: 'list'; data: T[]; has_more: boolean; url: string } {
  const sorted = [...items].reverse();
  const from = opts.startingAfter ? sorted.findIndex((i) => i.id === opts.startingAfter) + 1 : 0;
  const limit = Math.min(Math.max(opts.limit ?? 10, 1), 100);
  const data = sorted.slice(from, from + limit);
  return { object: 'list', data, has_more: from + limit < sorted.length, url: opts.url };
}
