import { toAppError } from '@commerce-sync/errors';
import { type CircuitStateName, setCircuitState } from '@commerce-sync/telemetry';
import {
  type CircuitBreakerPolicy,
  CircuitState,
  ConsecutiveBreaker,
  circuitBreaker,
  handleWhen,
} from 'cockatiel';

export interface BreakerOptions {
  /** Consecutive failures that open the circuit (default 5). */
  consecutiveFailures?: number;
  /** How long the circuit stays open before one trial call (default 10 s). */
  halfOpenAfterMs?: number;
}

const STATE_NAMES: Record<CircuitState, CircuitStateName> = {
  [CircuitState.Closed]: 'closed',
  [CircuitState.HalfOpen]: 'half-open',
  [CircuitState.Open]: 'open',
  [CircuitState.Isolated]: 'isolated',
};

// One breaker per external API per process: every adapter of `stripe` sees the same state,
// so an outage stops all of them at once instead of each discovering it alone.
const breakers = new Map<string, CircuitBreakerPolicy>();

/**
 * True for a failure that says the upstream is unwell: 5xx, timeouts, network errors. A 4xx
 * is the upstream working correctly, and rate limiting (429, Shopify THROTTLED) is the
 * upstream asking us to slow down: opening the circuit on it would turn a throttle into an
 * outage of our own ("shopify unreachable") for every caller of the API.
 */
export function countsAsOutage(err: unknown): boolean {
  const e = toAppError(err);
  return e.retryable && e.code !== 'RATE_LIMITED' && e.upstreamStatus !== 429;
}

/** The process-wide breaker for `api`, created on first use; only outages (above) count. */
export function breakerFor(api: string, opts: BreakerOptions = {}): CircuitBreakerPolicy {
  const existing = breakers.get(api);
  if (existing) return existing;
  const breaker = circuitBreaker(handleWhen(countsAsOutage), {
    halfOpenAfter: opts.halfOpenAfterMs ?? 10_000,
    breaker: new ConsecutiveBreaker(opts.consecutiveFailures ?? 5),
  });
  breaker.onStateChange((state) => setCircuitState(api, STATE_NAMES[state]));
  setCircuitState(api, 'closed');
  breakers.set(api, breaker);
  return breaker;
}

/** Name of the current state of `api`'s breaker (closed when none exists yet). */
export function circuitStateOf(api: string): CircuitStateName {
  const breaker = breakers.get(api);
  return breaker ? STATE_NAMES[breaker.state] : 'closed';
}

/** Forgets every breaker (tests only). */
export function resetBreakers(): void {
  breakers.clear();
}
