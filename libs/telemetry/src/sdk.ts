import { diag } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { NodeSDK } from '@opentelemetry/sdk-node';
import {
  BatchSpanProcessor,
  NoopSpanProcessor,
  SimpleSpanProcessor,
  type SpanExporter,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace';
import { defaultInstrumentations } from './instrumentations.ts';
import { RedactingSpanProcessor } from './redacting-span-processor.ts';

export interface TelemetryOptions {
  /** Defaults to OTEL_SERVICE_NAME (the SDK reads it), else the package name. */
  serviceName?: string;
  /** Export here instead of OTLP (tests: InMemorySpanExporter). */
  spanExporter?: SpanExporter;
  /** Export each span as it ends (tests); default batches. */
  exportImmediately?: boolean;
  /** Install auto-instrumentations (default true). */
  instrument?: boolean;
}

export interface TelemetryHandle {
  shutdown(): Promise<void>;
}

let running: { sdk: NodeSDK; handle: TelemetryHandle } | undefined;

/**
 * Starts the OpenTelemetry NodeSDK once per process (later calls return the same handle).
 * Never throws: a broken exporter config leaves the service running without traces.
 */
export function startTelemetry(opts: TelemetryOptions = {}): TelemetryHandle {
  if (running) return running.handle;
  try {
    const sdk = new NodeSDK({
      serviceName: opts.serviceName ?? process.env.OTEL_SERVICE_NAME ?? process.env.npm_package_name,
      instrumentations: opts.instrument === false ? [] : defaultInstrumentations(),
      spanProcessors: [new RedactingSpanProcessor(exportProcessor(opts))],
      // Metrics go through prom-client (/metrics), logs through pino: no OTLP readers.
      metricReaders: [],
      logRecordProcessors: [],
    });
    sdk.start();
    const handle = { shutdown: () => stopSdk(sdk) };
    running = { sdk, handle };
    return handle;
  } catch (err) {
    diag.error('telemetry: SDK failed to start, continuing without traces', err);
    return { shutdown: async () => {} };
  }
}

/** Flushes and stops the SDK started by startTelemetry / register (no-op otherwise). */
export async function shutdownTelemetry(): Promise<void> {
  await running?.handle.shutdown();
}

function exportProcessor(opts: TelemetryOptions): SpanProcessor {
  const exporters = (process.env.OTEL_TRACES_EXPORTER ?? 'otlp').split(',').map((s) => s.trim());
  if (!opts.spanExporter && exporters.includes('none')) return new NoopSpanProcessor();
  const exporter = opts.spanExporter ?? new OTLPTraceExporter();
  return opts.exportImmediately
    ? new SimpleSpanProcessor({ exporter })
    : new BatchSpanProcessor({ exporter });
}

async function stopSdk(sdk: NodeSDK): Promise<void> {
  running = undefined;
  try {
    await sdk.shutdown();
  } catch (err) {
    diag.warn('telemetry: shutdown failed', err);
  }
}
