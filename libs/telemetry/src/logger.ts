import { trace } from '@opentelemetry/api';
import { type DestinationStream, type Logger, pino } from 'pino';
import { scrubText, scrubValue } from './redact.ts';

export type { Logger } from 'pino';

export interface LoggerOptions {
  service: string;
  /** Default LOG_LEVEL or `info`. */
  level?: string;
  /** Where lines go (tests capture them); default stdout. */
  destination?: DestinationStream;
}

const INVALID_TRACE = '00000000000000000000000000000000';

/**
 * JSON logger with `trace_id`/`span_id` of the active span on every line and redaction of
 * secrets and personal data by key (any depth) and by value (emails etc. in any string,
 * including the message and error messages). Child loggers inherit all of it.
 */
export function createLogger(opts: LoggerOptions): Logger {
  return pino(
    {
      level: opts.level ?? process.env.LOG_LEVEL ?? 'info',
      base: { service: opts.service },
      timestamp: pino.stdTimeFunctions.isoTime,
      messageKey: 'msg',
      formatters: {
        level: (label) => ({ level: label }),
        // Runs for every line, on the merged object (bindings of children are scrubbed
        // once, at child creation, by `bindings`).
        log: (obj) => scrubValue(obj) as Record<string, unknown>,
        bindings: (bindings) => scrubValue(bindings) as Record<string, unknown>,
      },
      serializers: { err: scrubValue, error: scrubValue },
      mixin: traceFields,
      hooks: {
        logMethod(args, method) {
          const scrubbed = args.map((a) => (typeof a === 'string' ? scrubText(a) : a)) as typeof args;
          method.apply(this, scrubbed);
        },
      },
    },
    opts.destination,
  );
}

function traceFields(): Record<string, string> {
  const ctx = trace.getActiveSpan()?.spanContext();
  if (!ctx || ctx.traceId === INVALID_TRACE) return {};
  return { trace_id: ctx.traceId, span_id: ctx.spanId };
}
