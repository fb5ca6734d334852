export { createLogger, type Logger, type LoggerOptions } from './logger.ts';
export {
  type CircuitStateName,
  httpMetrics,
  metricsRegistry,
  type OutboundCall,
  recordOutboundCall,
  setCircuitState,
} from './metrics.ts';
export {
  currentTraceId,
  extractTraceContext,
  injectTraceHeaders,
  withExtractedContext,
} from './propagation.ts';
export { CENSOR, isSensitiveKey, scrubText, scrubValue } from './redact.ts';
export { RedactingSpanProcessor, scrubAttributes } from './redacting-span-processor.ts';
export { shutdownTelemetry, startTelemetry, type TelemetryHandle, type TelemetryOptions } from './sdk.ts';
