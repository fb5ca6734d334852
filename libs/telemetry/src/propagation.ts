import { type Context, context, propagation, ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { safely } from './safe.ts';

type Headers = Record<string, unknown>;

/**
 * Writes `traceparent`/`tracestate`/`baggage` of `ctx` (default: the active context) into a
 * copy of `headers` — AMQP message headers or an outbox row. Never throws.
 */
export function injectTraceHeaders(headers: Headers = {}, ctx: Context = context.active()): Headers {
  const out: Headers = { ...headers };
  safely(() => propagation.inject(ctx, out), undefined);
  return out;
}

/** The remote context carried by AMQP headers (or ROOT_CONTEXT when there is none). */
export function extractTraceContext(headers: Headers | undefined | null): Context {
  const carrier: Record<string, string> = {};
  for (const [key, value] of Object.entries(headers ?? {})) {
    // amqplib hands header values back as Buffers when they were sent as bytes.
    if (typeof value === 'string') carrier[key] = value;
    else if (value instanceof Uint8Array) carrier[key] = Buffer.from(value).toString('utf8');
  }
  return safely(() => propagation.extract(ROOT_CONTEXT, carrier), ROOT_CONTEXT);
}

/**
 * Runs `fn` with the context carried by `headers` as the active one, so spans started in
 * `fn` (including the amqplib publish span of an outbox relay) continue that trace as
 * children. Used on consume and when publishing a stored outbox row.
 */
export function withExtractedContext<T>(headers: Headers | undefined | null, fn: () => T): T {
  const ctx = extractTraceContext(headers);
  return context.with(ctx, fn);
}

/** The active trace id, or undefined outside any span (for problem+json and DLQ records). */
export function currentTraceId(): string | undefined {
  const ctx = trace.getActiveSpan()?.spanContext();
  return ctx && trace.isSpanContextValid(ctx) ? ctx.traceId : undefined;
}
