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
 * The process-wide breaker for `api`, created on first use. Only failures that say the
 * upstream is unwell (retryable: 5xx, 429, timeouts, network) count; a 4xx is the upstream
 * working correctly and must not open the circuit.
 */
export function breakerFor(api: string, opts: BreakerOptions = {}): CircuitBreakerPolicy {
  const existing = breakers.get(api);
  if (existing) return existing;
  const breaker = circuitBreaker(
    handleWhen((err) => toAppError(err).retryable),
    {
      halfOpenAfter: opts.halfOpenAfterMs ?? 10_000,
      breaker: new ConsecutiveBreaker(opts.consecutiveFailures ?? 5),
    },
  );
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
