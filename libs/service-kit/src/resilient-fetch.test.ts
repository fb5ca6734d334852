import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { createResilientHttp } from './resilient-http.ts';

describe('resilient fetch', () => {
  it('when the body arrives after the headers, then the SDK can still read it after the call returned', async () => {
    // Headers first, body later: the policy's per-attempt signal is aborted once the attempt
    // returns, which used to cut the body an SDK (stripe-node) reads afterwards.
    const server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.flushHeaders();
      setTimeout(() => res.end('{"ok":true}'), 50);
    }).listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    try {
      const http = createResilientHttp({ api: 'late-body-test', timeoutMs: 2_000 });
      const res = await http.fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
      await new Promise((r) => setImmediate(r));
      assert.deepEqual(await res.json(), { ok: true });
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});
