import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { trace } from '@opentelemetry/api';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace';
import { createLogger } from './logger.ts';
import { scrubText } from './redact.ts';
import { startTelemetry, type TelemetryHandle } from './sdk.ts';

const EMAIL = 'jane.doe@example.com';
const ADDRESS = '221B Baker Street';
const API_KEY = 'sk_test_51Habcdefghijklmnop';
const SECRETS = [EMAIL, ADDRESS, API_KEY, 'Jane', '+44 20 7946 0958', '4242 4242 4242 4242'];

const exporter = new InMemorySpanExporter();
let telemetry: TelemetryHandle;
before(() => {
  telemetry = startTelemetry({
    spanExporter: exporter,
    exportImmediately: true,
    instrument: false,
    serviceName: 't',
  });
});
after(() => telemetry.shutdown());

function captureLogger() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _enc, cb) {
      lines.push(String(chunk));
      cb();
    },
  });
  // Pinned to info: the test runner may set LOG_LEVEL higher for the services it starts.
  return { logger: createLogger({ service: 'redaction-test', destination, level: 'info' }), lines };
}

describe('redaction', () => {
  it('when a log line carries an email, an address and an API key, then none of them is written', () => {
    const { logger, lines } = captureLogger();
    const log = logger.child({ module: 'checkout' });
    log.info(
      {
        customer: { email: EMAIL, first_name: 'Jane', phone: '+44 20 7946 0958' },
        shipping_address: { address1: ADDRESS, city: 'London' },
        headers: { authorization: `Bearer ${API_KEY}`, 'x-api-key': API_KEY },
        note: `customer ${EMAIL} paid with 4242 4242 4242 4242 using key ${API_KEY}`,
        err: new Error(`lookup failed for ${EMAIL}`),
        orderId: 'gid://shopify/Order/5678901234567',
      },
      `order for ${EMAIL}`,
    );
    const line = lines.join('');
    for (const secret of SECRETS) assert.ok(!line.includes(secret), `leaked ${secret}: ${line}`);
    const parsed = JSON.parse(line) as Record<string, unknown>;
    assert.equal(parsed.module, 'checkout');
    assert.equal(parsed.orderId, 'gid://shopify/Order/5678901234567', 'non-personal ids stay readable');
    assert.match(String((parsed.err as { message: string }).message), /lookup failed for \[REDACTED\]/);
  });

  it('when a line is logged inside a span, then it carries trace_id and span_id', () => {
    const { logger, lines } = captureLogger();
    trace.getTracer('t').startActiveSpan('op', (span) => {
      logger.info('inside');
      span.end();
      const parsed = JSON.parse(lines[0] ?? '{}') as Record<string, string>;
      assert.equal(parsed.trace_id, span.spanContext().traceId);
      assert.equal(parsed.span_id, span.spanContext().spanId);
    });
  });

  it('when a span carries an email, an address and an API key, then the exported span shows none', async () => {
    exporter.reset();
    const span = trace.getTracer('t').startSpan('charge');
    span.setAttribute('customer.email', EMAIL);
    span.setAttribute('shipping.address', ADDRESS);
    span.setAttribute('http.request.header.authorization', `Bearer ${API_KEY}`);
    span.setAttribute('http.url', `https://api.example.com/customers?email=${EMAIL}&key=${API_KEY}`);
    span.addEvent('note', { text: `sent to ${EMAIL}` });
    span.end();
    const [exported] = exporter.getFinishedSpans();
    const text = JSON.stringify({ a: exported?.attributes, e: exported?.events });
    for (const secret of [EMAIL, ADDRESS, API_KEY])
      assert.ok(!text.includes(secret), `leaked ${secret}: ${text}`);
  });

  it('when a string embeds credentials in a URL, then the password is removed', () => {
    assert.equal(scrubText('mongodb://admin:hunter2@db:27017/x'), 'mongodb://[REDACTED]@db:27017/x');
  });
});
