import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, it } from 'node:test';
import { metricsRegistry } from '@commerce-sync/telemetry';
import { waitFor } from '@commerce-sync/test/support/infra';
import { resetBreakers } from './circuit-breakers.ts';
import { createResilientHttp } from './resilient-http.ts';

let base = '';
let server: Server;
let mode: 'fail' | 'ok' | 'limited' = 'ok';
let hits = 0;

before(async () => {
  server = createServer((req, res) => {
    hits++;
    if (mode === 'fail') res.writeHead(503).end('down');
    else if (mode === 'limited' && hits === 1) res.writeHead(429, { 'retry-after': '1' }).end();
    else res.writeHead(200, { 'content-type': 'application/json' }).end(`{"method":"${req.method}"}`);
  });
  server.listen(0);
  await new Promise((r) => server.once('listening', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => server.close());
beforeEach(() => {
  hits = 0;
  resetBreakers();
});

describe('createResilientHttp', () => {
  it('when an endpoint keeps failing, then the circuit opens, calls fail fast, and it half-opens after its timeout', async () => {
    mode = 'fail';
    const http = createResilientHttp({
      api: 'flaky',
      retries: 0,
      breaker: { consecutiveFailures: 3, halfOpenAfterMs: 300 },
    });
    for (let i = 0; i < 3; i++) assert.equal((await http.fetch(`${base}/x`)).status, 503);
    assert.equal(http.state(), 'open');
    const before = hits;
    await assert.rejects(
      http.execute(() => fetch(`${base}/x`)),
      (err: { code: string }) => err.code === 'UPSTREAM_UNAVAILABLE',
    );
    assert.equal(hits, before, 'an open circuit does not reach the upstream');
    assert.match(await metricsRegistry.getSingleMetricAsString('circuit_breaker_state'), /api="flaky"} 2/);

    mode = 'ok';
    // The breaker half-opens lazily on the first call after halfOpenAfter; a success closes it.
    const res = await waitFor(
      async () => {
        try {
          return await http.fetch(`${base}/x`);
        } catch {
          return undefined;
        }
      },
      { timeoutMs: 5_000, what: 'half-open trial call' },
    );
    assert.equal(res.status, 200);
    assert.equal(http.state(), 'closed');
  });

  it('when a GET meets a 429 with Retry-After, then it retries after the delay and succeeds', async () => {
    mode = 'limited';
    const http = createResilientHttp({ api: 'limited', retries: 2, baseDelayMs: 1 });
    const started = Date.now();
    const res = await http.fetch(`${base}/y`);
    assert.equal(res.status, 200);
    assert.equal(hits, 2);
    assert.ok(Date.now() - started >= 900, 'waited for Retry-After');
  });

  it('when a POST without an idempotency key fails, then it is not retried', async () => {
    mode = 'fail';
    const http = createResilientHttp({ api: 'writes', retries: 3, baseDelayMs: 1 });
    const res = await http.fetch(`${base}/z`, { method: 'POST', body: '{}' });
    assert.equal(res.status, 503);
    assert.equal(hits, 1);
  });

  it('when a POST carries an Idempotency-Key, then it is retried', async () => {
    mode = 'fail';
    const http = createResilientHttp({ api: 'idem', retries: 2, baseDelayMs: 1 });
    const res = await http.fetch(`${base}/z`, {
      method: 'POST',
      body: '{}',
      headers: { 'Idempotency-Key': 'k1' },
    });
    assert.equal(res.status, 503);
    assert.equal(hits, 3);
  });

  it('when a call exceeds its timeout, then it fails as a retryable UpstreamTimeout', async () => {
    const http = createResilientHttp({ api: 'slow', timeoutMs: 50, retries: 0 });
    await assert.rejects(
      http.execute(
        (signal) =>
          new Promise((_r, reject) => signal.addEventListener('abort', () => reject(signal.reason))),
      ),
      (err: { code: string; retryable: boolean }) => err.code === 'UPSTREAM_TIMEOUT' && err.retryable,
    );
  });
});
