import assert from 'node:assert/strict';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import express from 'express';
import { createApp } from './create-app.ts';
import { memoryLogger } from './test-logger.ts';

let base = '';
let server: Server;
let failing = false;
const seenRaw: string[] = [];

before(async () => {
  const { app } = createApp({
    service: 'kit-test',
    logger: memoryLogger().logger,
    readiness: [{ name: 'dep', check: () => ({ connected: !failing }) }],
    bodyLimit: 1024,
    rateLimit: { windowMs: 60_000, limit: 1000 },
    routes: (r) => {
      r.post('/customers/search', (req, res) => {
        res.json({ got: req.body });
      });
      r.post('/webhooks/test', (req, res) => {
        seenRaw.push(req.rawBody?.toString('utf8') ?? '');
        res.status(202).end();
      });
      const mounted = express.Router();
      mounted.get('/:id', (_req, res) => void res.json({}));
      mounted.post('/replay', (_req, res) => void res.json({}));
      r.use('/admin/dlq', mounted);
    },
  });
  server = app.listen(0);
  await new Promise((r) => server.once('listening', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => server.close());

const post = (path: string, body: string, type = 'application/json') =>
  fetch(base + path, { method: 'POST', headers: { 'content-type': type }, body });

async function expectProblem(res: Response, status: number, code: string) {
  assert.equal(res.status, status);
  assert.match(res.headers.get('content-type') ?? '', /^application\/problem\+json/);
  const body = (await res.json()) as { code: string; status: number };
  assert.equal(body.code, code);
  assert.equal(body.status, status);
}

describe('createApp', () => {
  it('when the JSON is malformed, then 400 MALFORMED_REQUEST and the server keeps serving', async () => {
    await expectProblem(await post('/customers/search', '{"email": '), 400, 'MALFORMED_REQUEST');
    assert.equal((await fetch(`${base}/healthz`)).status, 200);
  });

  it('when the body exceeds the limit, then 413 PAYLOAD_TOO_LARGE', async () => {
    const big = JSON.stringify({ note: 'x'.repeat(2048) });
    await expectProblem(await post('/customers/search', big), 413, 'PAYLOAD_TOO_LARGE');
  });

  it('when a body carries a MongoDB operator, then 400 and the handler never sees it', async () => {
    await expectProblem(await post('/customers/search', '{"email": {"$gt": ""}}'), 400, 'MALFORMED_REQUEST');
    await expectProblem(await post('/customers/search', '{"a.b": 1}'), 400, 'MALFORMED_REQUEST');
  });

  it('when a query carries a MongoDB operator, then 400', async () => {
    const res = await fetch(`${base}/customers/search?email[$ne]=x`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    await expectProblem(res, 400, 'MALFORMED_REQUEST');
  });

  it('when the content type is not JSON, then 415', async () => {
    await expectProblem(
      await post('/customers/search', 'email=a', 'application/x-www-form-urlencoded'),
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    );
    await expectProblem(await post('/customers/search', '{}', 'text/plain'), 415, 'UNSUPPORTED_MEDIA_TYPE');
  });

  it('when a route is unknown, then 404 problem', async () => {
    await expectProblem(await fetch(`${base}/nope`), 404, 'NOT_FOUND');
  });

  it('when a known path is asked with another method, then 405 problem with the methods it has in Allow', async () => {
    const res = await fetch(`${base}/customers/search`, { method: 'DELETE' });
    await expectProblem(res, 405, 'METHOD_NOT_ALLOWED');
    assert.equal(res.headers.get('allow'), 'POST');
    // Routes of the app itself too (probes, /docs), not only those of the service's router.
    const probe = await fetch(`${base}/healthz`, { method: 'DELETE' });
    await expectProblem(probe, 405, 'METHOD_NOT_ALLOWED');
    assert.equal(probe.headers.get('allow'), 'GET, HEAD');
  });

  it('when the path is on a mounted router, then 405 names the methods of that router', async () => {
    const res = await fetch(`${base}/admin/dlq/replay`, { method: 'PUT' });
    await expectProblem(res, 405, 'METHOD_NOT_ALLOWED');
    // `/replay` is also a `/:id`: a GET (and so a HEAD) answers there too.
    assert.equal(res.headers.get('allow'), 'GET, HEAD, POST');
    await expectProblem(await fetch(`${base}/admin/dlq/a/b`, { method: 'PUT' }), 404, 'NOT_FOUND');
  });

  it('when a webhook arrives, then req.rawBody holds the exact bytes', async () => {
    const raw = '{ "id": 1,   "spaced":"as sent" }';
    assert.equal((await post('/webhooks/test', raw)).status, 202);
    assert.equal(seenRaw.at(-1), raw);
  });

  it('when a readiness check reports a false flag, then /readyz is 503 and names it', async () => {
    assert.equal((await fetch(`${base}/readyz`)).status, 200);
    failing = true;
    const res = await fetch(`${base}/readyz`);
    assert.equal(res.status, 503);
    assert.deepEqual(((await res.json()) as { checks: object }).checks, { dep: 'failing' });
    failing = false;
  });

  it('when /metrics is scraped, then request counters by route are exposed', async () => {
    const text = await (await fetch(`${base}/metrics`)).text();
    assert.match(text, /http_requests_total\{method="POST",route="\/webhooks\/test",status="202"\}/);
    assert.match(text, /process_cpu_user_seconds_total/);
  });

  it('when a valid JSON body arrives, then the route gets it parsed', async () => {
    const res = await post('/customers/search', '{"email":"a@b.c"}');
    assert.deepEqual(await res.json(), { got: { email: 'a@b.c' } });
  });
});
