import assert from 'node:assert/strict';
import { request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { createApp } from './create-app.ts';
import { memoryLogger } from './test-logger.ts';
import { parseTrustProxy } from './trust-proxy.ts';

// The proxy connects from 127.0.0.1; an untrusted peer from 127.0.0.2 (Linux routes all of
// 127.0.0.0/8 to the loopback interface).
const PROXY = '127.0.0.1';
const STRANGER = '127.0.0.2';
let server: Server;
let port = 0;

before(async () => {
  const { app } = createApp({
    service: 'proxy-test',
    logger: memoryLogger().logger,
    trustProxy: parseTrustProxy(PROXY),
    rateLimit: { windowMs: 60_000, limit: 2 },
    routes: (r) => r.get('/whoami', (req, res) => void res.json({ ip: req.ip })),
  });
  server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  port = (server.address() as AddressInfo).port;
});
after(() => server.close());

function get(from: string, forwardedFor: string): Promise<{ status: number; ip?: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: '/whoami',
        localAddress: from,
        headers: { 'x-forwarded-for': forwardedFor },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8').on('data', (c: string) => {
          body += c;
        });
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            ip: res.statusCode === 200 ? JSON.parse(body).ip : undefined,
          }),
        );
      },
    );
    req.on('error', reject).end();
  });
}

describe('behind a trusted proxy', () => {
  it('when two clients come through the trusted proxy, then each is seen and limited on its own', async () => {
    const a1 = await get(PROXY, '203.0.113.1');
    const a2 = await get(PROXY, '203.0.113.1');
    const a3 = await get(PROXY, '203.0.113.1');
    const b1 = await get(PROXY, '203.0.113.2');
    assert.deepEqual(
      [a1, a2].map((r) => r.ip),
      ['203.0.113.1', '203.0.113.1'],
    );
    assert.equal(a3.status, 429);
    assert.deepEqual(b1, { status: 200, ip: '203.0.113.2' });
  });

  it('when an untrusted peer sends its own X-Forwarded-For, then it is ignored and the peer keeps one bucket', async () => {
    const first = await get(STRANGER, '198.51.100.1');
    const second = await get(STRANGER, '198.51.100.2');
    const third = await get(STRANGER, '198.51.100.3');
    assert.deepEqual([first.ip, second.ip], [STRANGER, STRANGER]);
    assert.equal(third.status, 429);
  });
});

describe('TRUST_PROXY', () => {
  it('when it is empty, 0 or false, then no proxy is trusted', () => {
    for (const raw of ['', ' ', '0', 'false']) assert.equal(parseTrustProxy(raw), false);
  });

  it('when it is a hop count or a list of addresses, CIDRs and names, then express gets it as such', () => {
    assert.equal(parseTrustProxy('1'), 1);
    assert.deepEqual(parseTrustProxy('10.0.0.0/8, loopback,fd00::/8,192.0.2.7'), [
      '10.0.0.0/8',
      'loopback',
      'fd00::/8',
      '192.0.2.7',
    ]);
  });

  it('when it is true or not an address, then it is refused', () => {
    for (const raw of ['true', '10.0.0.0/33', 'ingress', '1.2.3'])
      assert.throws(() => parseTrustProxy(raw), /hop count/);
  });
});
