import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import express from 'express';
import { z } from 'zod';
import { NotFound, RateLimited } from './facts.ts';
import { problemJsonHandler } from './problem-json-handler.ts';

const logged: Array<{ obj: object; msg?: string }> = [];
const logger = { error: (obj: object, msg?: string) => logged.push({ obj, msg }), info: () => {} };
let base = '';
let server: ReturnType<express.Express['listen']>;

before(async () => {
  const app = express();
  app.use(express.json());
  app.get('/missing', () => {
    throw new NotFound('order 42 not found');
  });
  app.get('/limited', () => {
    throw new RateLimited('slow down', { retryAfterMs: 2500 });
  });
  app.post('/validate', (req) => {
    z.object({ email: z.email() }).parse(req.body);
  });
  app.get('/bug', () => {
    throw new Error('connection string mongodb://admin:hunter2@db failed');
  });
  app.use(problemJsonHandler({ logger, getTraceId: () => 'abc123' }));
  server = app.listen(0);
  await new Promise((r) => server.once('listening', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => server.close());

async function problem(path: string, init?: RequestInit) {
  const res = await fetch(base + path, init);
  assert.equal(res.headers.get('content-type'), 'application/problem+json; charset=utf-8');
  return { res, body: (await res.json()) as Record<string, unknown> };
}

describe('problemJsonHandler', () => {
  it('when a route throws NotFound, then a 404 problem carries code, instance and trace id', async () => {
    const { res, body } = await problem('/missing?x=1');
    assert.equal(res.status, 404);
    assert.deepEqual(body, {
      type: 'urn:commerce-sync:problem:not-found',
      title: 'Not found',
      status: 404,
      detail: 'order 42 not found',
      instance: '/missing',
      code: 'NOT_FOUND',
      traceId: 'abc123',
    });
  });

  it('when rate limited, then 429 with a Retry-After header in whole seconds', async () => {
    const { res } = await problem('/limited');
    assert.equal(res.status, 429);
    assert.equal(res.headers.get('retry-after'), '3');
  });

  it('when validation fails, then 400 lists the failing fields', async () => {
    const { res, body } = await problem('/validate', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'nope' }),
    });
    assert.equal(res.status, 400);
    assert.equal(body.code, 'VALIDATION_FAILED');
    assert.deepEqual(
      (body.errors as Array<{ field: string }>).map((e) => e.field),
      ['email'],
    );
  });

  it('when the JSON is malformed, then 400 MALFORMED_REQUEST', async () => {
    const { res, body } = await problem('/validate', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"email":',
    });
    assert.equal(res.status, 400);
    assert.equal(body.code, 'MALFORMED_REQUEST');
  });

  it('when an unknown error escapes, then 500 without internals and the cause logged once', async () => {
    logged.length = 0;
    const { res, body } = await problem('/bug');
    assert.equal(res.status, 500);
    assert.equal(body.detail, 'Internal error');
    assert.doesNotMatch(JSON.stringify(body), /hunter2|stack|mongodb/);
    assert.equal(logged.length, 1);
    assert.match(String((logged[0]!.obj as { err: Error }).err.message), /connection string/);
  });
});
