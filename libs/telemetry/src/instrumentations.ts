import type { Instrumentation } from '@opentelemetry/instrumentation';
import { AmqplibInstrumentation } from '@opentelemetry/instrumentation-amqplib';
import { ExpressInstrumentation, ExpressLayerType } from '@opentelemetry/instrumentation-express';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { MongoDBInstrumentation } from '@opentelemetry/instrumentation-mongodb';
import { MongooseInstrumentation } from '@opentelemetry/instrumentation-mongoose';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';

const PROBE_PATHS = new Set(['/healthz', '/readyz', '/metrics']);

/** The instrumentations every service gets; probes and scrapes are not traced (noise). */
export function defaultInstrumentations(): Instrumentation[] {
  return [
    new HttpInstrumentation({
      ignoreIncomingRequestHook: (req) => PROBE_PATHS.has((req.url ?? '').split('?')[0] ?? ''),
    }),
    // Only the route handler gets a span (named by route); a span per middleware (helmet,
    // body parser, guards…) and router tripled the span count for no diagnostic value.
    new ExpressInstrumentation({ ignoreLayersType: [ExpressLayerType.MIDDLEWARE, ExpressLayerType.ROUTER] }),
    // mongoose spans already cover the model call; mongodb adds the wire command underneath.
    // Statements are not recorded (they contain customer data): only the command's top-level
    // field names. The instrumentation's own masking walked every document of every command
    // (0.3–0.6 s per service in a 600-order profile) to print "?" for each value.
    new MongooseInstrumentation({ suppressInternalInstrumentation: false }),
    new MongoDBInstrumentation({ enhancedDatabaseReporting: false, dbStatementSerializer: statementShape }),
    // Consume spans are children of the publish span (useLinksForConsume: false) so one
    // order step is one trace across processes.
    new AmqplibInstrumentation({ useLinksForConsume: false }),
    new UndiciInstrumentation(),
  ] as Instrumentation[];
}

/** `{"_id":"?","version":"?"}` for a filter: the shape of a command, never a value, in O(fields). */
export function statementShape(command: Record<string, unknown>): string {
  let shape = '{';
  for (const key of Object.keys(command)) shape += `${shape.length > 1 ? ',' : ''}${JSON.stringify(key)}:"?"`;
  return `${shape}}`;
}

/**
 * Module names the instrumentations hook: the ESM loader wraps only these (undici is
 * instrumented through diagnostics_channel, so it adds none). Wrapping every imported
 * module instead costs a generated facade per module for nothing.
 */
export function hookedModules(instrumentations: readonly Instrumentation[]): string[] {
  const names = instrumentations.flatMap(
    (i) => (i as InstrumentationWithModules).getModuleDefinitions?.().map((m) => m.name) ?? [],
  );
  return [...new Set(names)];
}

/** getModuleDefinitions is public on InstrumentationBase but not on the interface. */
type InstrumentationWithModules = Instrumentation & { getModuleDefinitions?: () => { name: string }[] };
