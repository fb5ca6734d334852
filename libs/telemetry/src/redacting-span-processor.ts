import type { Context } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace';
import { CENSOR, isSensitiveKey, scrubText } from './redact.ts';

type Attrs = Record<string, unknown>;

/**
 * Scrubs span and event attributes before the wrapped processor exports them. Attribute
 * keys are dotted (`http.request.header.authorization`), so the last segment decides.
 * Instrumentations record URLs, statements and messages that can embed emails or keys.
 */
export class RedactingSpanProcessor implements SpanProcessor {
  readonly #next: SpanProcessor;

  constructor(next: SpanProcessor) {
    this.#next = next;
  }

  onStart(span: Span, parentContext: Context): void {
    this.#next.onStart(span, parentContext);
  }

  onEnd(span: ReadableSpan): void {
    try {
      scrubAttributes(span.attributes as Attrs);
      for (const event of span.events) if (event.attributes) scrubAttributes(event.attributes as Attrs);
      if (span.status.message) (span.status as { message?: string }).message = scrubText(span.status.message);
    } catch {
      // never let redaction break export; the span still goes out with what was scrubbed
    }
    this.#next.onEnd(span);
  }

  forceFlush(): Promise<void> {
    return this.#next.forceFlush();
  }

  shutdown(): Promise<void> {
    return this.#next.shutdown();
  }
}

/** Scrubs an attribute map in place (keys by their last dotted segment, strings by value). */
export function scrubAttributes(attrs: Attrs): Attrs {
  for (const key in attrs) {
    const value = attrs[key];
    if (sensitiveAttribute(key)) attrs[key] = CENSOR;
    else if (typeof value === 'string') attrs[key] = scrubText(value);
    else if (Array.isArray(value)) attrs[key] = value.map((v) => (typeof v === 'string' ? scrubText(v) : v));
  }
  return attrs;
}

// Attribute keys come from a small fixed vocabulary, so the decision is memoised.
const decisions = new Map<string, boolean>();
function sensitiveAttribute(key: string): boolean {
  let decision = decisions.get(key);
  if (decision === undefined) {
    decision = isSensitiveKey(key.slice(key.lastIndexOf('.') + 1)) && !NON_PERSONAL_ATTRIBUTES.has(key);
    if (decisions.size < 10_000) decisions.set(key, decision);
  }
  return decision;
}

// Semantic-convention attributes whose leaf looks personal but is not.
const NON_PERSONAL_ATTRIBUTES = new Set([
  'service.name',
  'db.name',
  'db.collection.name',
  'db.namespace',
  'messaging.destination.name',
  'http.route.name',
  'rpc.method.name',
  'express.name',
  'exception.name',
  'server.address',
  'network.peer.address',
  'client.address',
  'net.peer.name',
  'net.host.name',
  'messaging.rabbitmq.destination.routing_key.name',
]);
