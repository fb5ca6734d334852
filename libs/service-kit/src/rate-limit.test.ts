import assert from 'node:assert/strict';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { createApp } from './create-app.ts';
import { memoryLogger } from './test-logger.ts';

let server: Server;
let base = '';

before(async () => {
  const { app } = createApp({
    service: 'rate-test',
    logger: memoryLogger().logger,
    rateLimit: { windowMs: 60_000, limit: 5 },
    routes: (r) => {
      r.get('/orders', (_req, res) => void res.json([]));
      r.post('/webhooks/shopify', (_req, res) => void res.status(202).end());
    },
  });
  server = app.listen(0);
  await new Promise((r) => server.once('listening', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => server.close());

describe('per-client rate limit', () => {
  it('when a client exceeds the limit on an API route, then it gets 429 problem+json with Retry-After', async () => {
    const statuses: number[] = [];
    let last: Response | undefined;
    for (let i = 0; i < 6; i++) {
      last = await fetch(`${base}/orders`);
      statuses.push(last.status);
      if (last.status !== 429) await last.body?.cancel();
    }
    assert.deepEqual(statuses, [200, 200, 200, 200, 200, 429]);
    assert.equal(last!.headers.get('content-type'), 'application/problem+json; charset=utf-8');
    assert.equal(((await last!.json()) as { code: string }).code, 'RATE_LIMITED');
    assert.ok(Number(last!.headers.get('retry-after')) > 0);
  });

  it('when a provider delivers more webhooks than the limit, then none is refused', async () => {
    const statuses = await Promise.all(
      Array.from({ length: 20 }, () =>
        fetch(`${base}/webhooks/shopify`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: '{}',
        }).then((r) => r.status),
      ),
    );
    assert.deepEqual(new Set(statuses), new Set([202]));
  });
});
