import type { RequestHandler } from 'express';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { safely } from './safe.ts';

/** The one registry per process; every lib registers its metrics here (`registers: [metricsRegistry]`). */
export const metricsRegistry = new Registry();
collectDefaultMetrics({ register: metricsRegistry });

const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

const httpRequests = new Counter({
  name: 'http_requests_total',
  help: 'HTTP requests served, by route and status',
  labelNames: ['method', 'route', 'status'] as const,
  registers: [metricsRegistry],
});
const httpDuration = new Histogram({
  name: 'http_request_duration_seconds',
  help: 'HTTP request duration, by route and status class',
  labelNames: ['method', 'route', 'status_class'] as const,
  buckets: DURATION_BUCKETS,
  registers: [metricsRegistry],
});
const outboundCalls = new Counter({
  name: 'outbound_calls_total',
  help: 'Calls to external APIs, by api, operation and outcome',
  labelNames: ['api', 'operation', 'outcome'] as const,
  registers: [metricsRegistry],
});
const outboundDuration = new Histogram({
  name: 'outbound_call_duration_seconds',
  help: 'Duration of calls to external APIs (one observation per attempt)',
  labelNames: ['api', 'operation', 'outcome'] as const,
  buckets: DURATION_BUCKETS,
  registers: [metricsRegistry],
});
const circuitState = new Gauge({
  name: 'circuit_breaker_state',
  help: 'Circuit breaker per external API: 0 closed, 1 half-open, 2 open, 3 isolated',
  labelNames: ['api'] as const,
  registers: [metricsRegistry],
});

const CIRCUIT_VALUES = { closed: 0, 'half-open': 1, open: 2, isolated: 3 } as const;
export type CircuitStateName = keyof typeof CIRCUIT_VALUES;

/**
 * Express middleware counting requests and their duration by route template (never the raw
 * URL: ids in paths would explode cardinality). Unmatched routes count as `unmatched`.
 */
export function httpMetrics(): RequestHandler {
  return (req, res, next) => {
    const end = process.hrtime.bigint();
    res.once('finish', () =>
      safely(() => {
        const route = req.route?.path ? `${req.baseUrl}${String(req.route.path)}` : 'unmatched';
        const seconds = Number(process.hrtime.bigint() - end) / 1e9;
        httpRequests.inc({ method: req.method, route, status: String(res.statusCode) });
        httpDuration.observe(
          { method: req.method, route, status_class: `${Math.floor(res.statusCode / 100)}xx` },
          seconds,
        );
      }, undefined),
    );
    next();
  };
}

export interface OutboundCall {
  api: string;
  operation: string;
  /** ok, or the failure's error code (RATE_LIMITED, UPSTREAM_TIMEOUT, …), or `circuit_open`. */
  outcome: string;
  durationMs: number;
}

/** Records one attempt of a call to an external API. */
export function recordOutboundCall(call: OutboundCall): void {
  safely(() => {
    const labels = { api: call.api, operation: call.operation, outcome: call.outcome };
    outboundCalls.inc(labels);
    outboundDuration.observe(labels, call.durationMs / 1000);
  }, undefined);
}

/** Publishes the state of an API's circuit breaker. */
export function setCircuitState(api: string, state: CircuitStateName): void {
  safely(() => circuitState.set({ api }, CIRCUIT_VALUES[state]), undefined);
}
