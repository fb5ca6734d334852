import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace';
import { defaultInstrumentations, hookedModules, statementShape } from './instrumentations.ts';
import { startTelemetry } from './sdk.ts';

const telemetry = startTelemetry({ spanExporter: new InMemorySpanExporter(), serviceName: 't-instr' });
after(() => telemetry.shutdown());

describe('instrumentations', () => {
  it('when telemetry starts, then only the listed instrumentations are registered', () => {
    const names = telemetry.instrumentations.map((i) => i.instrumentationName).sort();
    assert.deepEqual(names, [
      '@opentelemetry/instrumentation-amqplib',
      '@opentelemetry/instrumentation-express',
      '@opentelemetry/instrumentation-http',
      '@opentelemetry/instrumentation-mongodb',
      '@opentelemetry/instrumentation-mongoose',
      '@opentelemetry/instrumentation-undici',
    ]);
  });

  it('when the ESM loader is configured, then it wraps only the packages the instrumentations patch', () => {
    assert.deepEqual(hookedModules(defaultInstrumentations()).sort(), [
      'amqplib',
      'express',
      'http',
      'https',
      'mongodb',
      'mongoose',
    ]);
  });

  it('when a MongoDB command is described on a span, then only its field names appear, never a value', () => {
    const shape = statementShape({ _id: 'shop:1', email: 'ana@example.test', lines: [{ sku: 'TEE' }] });
    assert.equal(shape, '{"_id":"?","email":"?","lines":"?"}');
    assert.doesNotMatch(shape, /ana@|shop:1|TEE/);
  });
});
