import { type AppError, toAppError } from '@commerce-sync/errors';
import { type CircuitStateName, type Logger, recordOutboundCall } from '@commerce-sync/telemetry';
import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import {
  DelegateBackoff,
  handleWhen,
  type IRetryBackoffContext,
  retry,
  TimeoutStrategy,
  timeout,
  wrap,
} from 'cockatiel';
import { type BreakerOptions, breakerFor, circuitStateOf } from './circuit-breakers.ts';
import { createResilientFetch } from './resilient-fetch.ts';

export interface ResilientHttpOptions {
  /** Names the API in metrics, spans, errors and the breaker (`stripe`, `shopify`, …). */
  api: string;
  /** Per attempt (default 5 s). */
  timeoutMs?: number;
  /** Extra attempts for idempotent calls (default 3). */
  retries?: number;
  /** First backoff step (default 200 ms); doubles per attempt, full jitter. */
  baseDelayMs?: number;
  /** Longest wait between attempts (default 10 s); a longer Retry-After gives up instead. */
  maxDelayMs?: number;
  breaker?: BreakerOptions;
  logger?: Logger;
  /** For `fetch`: is this request safe to repeat? Default: GET/HEAD/OPTIONS/PUT/DELETE or an Idempotency-Key header. */
  isIdempotent?: (url: string, init: RequestInit) => boolean;
  /** For `fetch`: metric/span label of a request (default: its method). Keep ids out. */
  operationOf?: (url: string, init: RequestInit) => string;
}

export interface CallOptions {
  /** Retries happen only when true: GET, or a write carrying an idempotency key. */
  idempotent?: boolean;
  /** Metric/span label (`capture`, `inventoryMove`, …). */
  operation?: string;
}

export interface ResilientHttp {
  /** Runs `fn` under timeout, breaker and (if idempotent) retry; throws AppErrors. */
  execute<T>(fn: (signal: AbortSignal) => Promise<T>, opts?: CallOptions): Promise<T>;
  /** A `fetch` for SDKs (Stripe.createFetchHttpClient, Shopify customFetchApi). */
  fetch: typeof fetch;
  state(): CircuitStateName;
}

const tracer = trace.getTracer('@commerce-sync/service-kit');

/** The resilience policy every adapter of an external API uses (DESIGN §4). */
export function createResilientHttp(opts: ResilientHttpOptions): ResilientHttp {
  const { api } = opts;
  const maxDelayMs = opts.maxDelayMs ?? 10_000;
  const breaker = breakerFor(api, opts.breaker);
  const perAttempt = timeout(opts.timeoutMs ?? 5_000, TimeoutStrategy.Aggressive);
  // Retry what a retry can fix, but not an open circuit (fail fast; the message goes to a
  // retry tier) and not a Retry-After longer than we are willing to hold a handler.
  const retryable = handleWhen((err) => {
    const e = toAppError(err, { api });
    return e.retryable && !isOpenCircuit(err) && (e.retryAfterMs ?? 0) <= maxDelayMs;
  });
  const backoff = new DelegateBackoff((ctx: IRetryBackoffContext<unknown>) =>
    delayFor(ctx, opts.baseDelayMs ?? 200, maxDelayMs),
  );
  const retries = retry(retryable, { maxAttempts: opts.retries ?? 3, backoff });
  const withRetry = wrap(retries, breaker, perAttempt);
  const once = wrap(breaker, perAttempt);
  retries.onRetry((reason) => {
    opts.logger?.warn({ api, err: 'error' in reason ? reason.error : undefined }, 'retrying call');
  });

  async function execute<T>(fn: (signal: AbortSignal) => Promise<T>, call: CallOptions = {}): Promise<T> {
    const operation = call.operation ?? 'call';
    const policy = call.idempotent ? withRetry : once;
    try {
      return await policy.execute(({ signal }) => attempt(api, operation, () => fn(signal)));
    } catch (err) {
      throw toAppError(err, { api });
    }
  }

  return { execute, fetch: createResilientFetch(execute, opts), state: () => circuitStateOf(api) };
}

async function attempt<T>(api: string, operation: string, fn: () => Promise<T>): Promise<T> {
  const started = performance.now();
  return tracer.startActiveSpan(
    `${api} ${operation}`,
    { kind: SpanKind.CLIENT, attributes: { 'peer.service': api } },
    async (span) => {
      try {
        const result = await fn();
        recordOutboundCall({ api, operation, outcome: 'ok', durationMs: performance.now() - started });
        return result;
      } catch (err) {
        const e: AppError = toAppError(err, { api });
        recordOutboundCall({ api, operation, outcome: e.code, durationMs: performance.now() - started });
        span.setStatus({ code: SpanStatusCode.ERROR, message: e.code });
        throw err;
      } finally {
        span.end();
      }
    },
  );
}

function delayFor(ctx: IRetryBackoffContext<unknown>, baseMs: number, maxMs: number): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** (ctx.attempt - 1));
  const jittered = Math.random() * ceiling; // full jitter: spreads a herd of retries apart
  const error = 'error' in ctx.result ? ctx.result.error : undefined;
  const retryAfterMs = error === undefined ? undefined : toAppError(error).retryAfterMs;
  return retryAfterMs === undefined ? jittered : Math.min(maxMs, Math.max(retryAfterMs, jittered));
}

function isOpenCircuit(err: unknown): boolean {
  return (err as { isBrokenCircuitError?: boolean })?.isBrokenCircuitError === true;
}
