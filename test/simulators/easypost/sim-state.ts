import type { Outcome, Shipment } from './objects.ts';

/** Counters the e2e tests assert on: labels per reference must stay 1 whatever happens. */
export interface SimStats {
  shipmentsCreated: number;
  buyAttempts: number;
  labelsBought: number;
  buyRejectedPostageExists: number;
  labelsByReference: Record<string, number>;
  refundsSubmitted: number;
  refundsRefunded: number;
  refundsRejected: number;
  refundsByReference: Record<string, number>;
  addressFailures: number;
  webhooksQueued: number;
}

export function emptyStats(): SimStats {
  return {
    shipmentsCreated: 0,
    buyAttempts: 0,
    labelsBought: 0,
    buyRejectedPostageExists: 0,
    labelsByReference: {},
    refundsSubmitted: 0,
    refundsRefunded: 0,
    refundsRejected: 0,
    refundsByReference: {},
    addressFailures: 0,
    webhooksQueued: 0,
  };
}

/** How the next buys answer: the label is bought, then the answer is late or never comes. */
export interface BuyBehaviour {
  /** How many buys this applies to (then it retires). */
  count: number;
  /** Answer after this delay; absent means never answer (the client times out). */
  delayMs?: number;
}

/** The simulator's whole memory (reset by `POST /__sim/reset`). */
export interface SimState {
  shipments: Map<string, Shipment>;
  stats: SimStats;
  /** Forced delivery outcome per shipment reference (`PUT /__sim/outcomes/:reference`). */
  outcomes: Map<string, Outcome>;
  buyBehaviour?: BuyBehaviour;
  /** Per-shipment delivery plan chosen at creation. */
  plannedOutcome: Map<string, Outcome>;
}

export function emptyState(): SimState {
  return { shipments: new Map(), stats: emptyStats(), outcomes: new Map(), plannedOutcome: new Map() };
}

export function bump(counts: Record<string, number>, key: string | null): void {
  if (!key) return;
  counts[key] = (counts[key] ?? 0) + 1;
}
