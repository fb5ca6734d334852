import { context, DiagConsoleLogger, diag, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  CompositePropagator,
  diagLogLevelFromString,
  W3CBaggagePropagator,
  W3CTraceContextPropagator,
} from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { type Instrumentation, registerInstrumentations } from '@opentelemetry/instrumentation';
import {
  defaultResource,
  detectResources,
  envDetector,
  hostDetector,
  osDetector,
  processDetector,
  resourceFromAttributes,
  serviceInstanceIdDetector,
} from '@opentelemetry/resources';
import {
  BatchSpanProcessor,
  NoopSpanProcessor,
  SimpleSpanProcessor,
  type SpanExporter,
  type SpanProcessor,
  TracerProvider,
} from '@opentelemetry/sdk-trace';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import { defaultInstrumentations } from './instrumentations.ts';
import { RedactingSpanProcessor } from './redacting-span-processor.ts';
import { samplerFromEnv } from './sampler.ts';

export interface TelemetryOptions {
  /** Defaults to OTEL_SERVICE_NAME, else the package name. */
  serviceName?: string;
  /** Export here instead of OTLP (tests: InMemorySpanExporter). */
  spanExporter?: SpanExporter;
  /** Export each span as it ends (tests); default batches. */
  exportImmediately?: boolean;
  /** Install the instrumentations (default true). */
  instrument?: boolean;
  /** Instead of defaultInstrumentations() (register.ts passes the ones its loader hooks). */
  instrumentations?: Instrumentation[];
}

export interface TelemetryHandle {
  shutdown(): Promise<void>;
  /** What is patched: the tests check that nothing beyond the list is loaded. */
  readonly instrumentations: readonly Instrumentation[];
}

let running: TelemetryHandle | undefined;

/**
 * Starts tracing once per process (later calls return the same handle): a tracer provider,
 * AsyncLocalStorage context, W3C propagation and our instrumentations. Not the NodeSDK:
 * it imports the logs and metrics SDKs and every OTLP exporter flavour (gRPC, proto,
 * Prometheus, Zipkin) whether used or not, about 20 MiB of resident memory per process
 * for nothing we use (metrics go through prom-client, logs through pino).
 * Never throws: a broken exporter config leaves the service running without traces.
 */
export function startTelemetry(opts: TelemetryOptions = {}): TelemetryHandle {
  if (running) return running;
  const logLevel = diagLogLevelFromString(process.env.OTEL_LOG_LEVEL);
  if (logLevel !== undefined) diag.setLogger(new DiagConsoleLogger(), { logLevel });
  try {
    const provider = new TracerProvider({
      resource: serviceResource(opts.serviceName),
      sampler: samplerFromEnv(),
      spanProcessors: [new RedactingSpanProcessor(exportProcessor(opts))],
    });
    const contextManager = new AsyncLocalStorageContextManager().enable();
    context.setGlobalContextManager(contextManager);
    propagation.setGlobalPropagator(
      new CompositePropagator({ propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()] }),
    );
    trace.setGlobalTracerProvider(provider);
    const instrumentations =
      opts.instrument === false ? [] : (opts.instrumentations ?? defaultInstrumentations());
    const unregister = registerInstrumentations({ instrumentations, tracerProvider: provider });
    const handle: TelemetryHandle = {
      instrumentations,
      shutdown: async () => {
        running = undefined;
        unregister();
        try {
          await provider.shutdown();
        } catch (err) {
          diag.warn('telemetry: shutdown failed', err);
        }
        trace.disable();
        propagation.disable();
        context.disable();
      },
    };
    running = handle;
    return handle;
  } catch (err) {
    diag.error('telemetry: tracing failed to start, continuing without traces', err);
    return { instrumentations: [], shutdown: async () => {} };
  }
}

/** Flushes and stops what startTelemetry / register started (no-op otherwise). */
export async function shutdownTelemetry(): Promise<void> {
  await running?.shutdown();
}

function serviceResource(serviceName: string | undefined) {
  const name = serviceName ?? process.env.OTEL_SERVICE_NAME ?? process.env.npm_package_name;
  const detected = detectResources({
    detectors: [serviceInstanceIdDetector, processDetector, hostDetector, osDetector, envDetector],
  });
  const resource = defaultResource().merge(detected);
  return name ? resource.merge(resourceFromAttributes({ [ATTR_SERVICE_NAME]: name })) : resource;
}

function exportProcessor(opts: TelemetryOptions): SpanProcessor {
  const exporters = (process.env.OTEL_TRACES_EXPORTER ?? 'otlp').split(',').map((s) => s.trim());
  if (!opts.spanExporter && exporters.includes('none')) return new NoopSpanProcessor();
  const exporter = opts.spanExporter ?? new OTLPTraceExporter();
  return opts.exportImmediately
    ? new SimpleSpanProcessor({ exporter })
    : new BatchSpanProcessor({ exporter });
}
