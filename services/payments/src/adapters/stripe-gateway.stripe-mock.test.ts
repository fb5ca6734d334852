import assert from 'node:assert/strict';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createResilientHttp } from '@commerce-sync/service-kit';
import { waitFor } from '@commerce-sync/test/support/infra';
import { createStripeGateway, type StripeGateway } from './stripe-gateway.ts';

/** stripe-mock validates requests against Stripe's OpenAPI spec: it proves our parameters are real. */
function findStripeMock(): string | undefined {
  const candidates = [
    process.env.STRIPE_MOCK_BIN,
    join(process.env.GOPATH ?? join(homedir(), 'go'), 'bin', 'stripe-mock'),
  ];
  const onPath = spawnSync('sh', ['-c', 'command -v stripe-mock'], { encoding: 'utf8' }).stdout.trim();
  return [...candidates, onPath].find((c): c is string => Boolean(c) && existsSync(String(c)));
}

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

const bin = findStripeMock();

describe('stripe gateway against stripe-mock (Stripe OpenAPI validation)', {
  skip: bin
    ? false
    : 'stripe-mock not installed: go install github.com/stripe/stripe-mock@v0.203.0 (or set STRIPE_MOCK_BIN)',
}, () => {
  let proc: ChildProcess;
  let gateway: StripeGateway;
  before(async () => {
    const port = await freePort();
    proc = spawn(String(bin), ['-http-addr', `127.0.0.1:${port}`], { stdio: 'ignore' });
    gateway = createStripeGateway({
      apiUrl: `http://127.0.0.1:${port}`,
      secretKey: 'sk_test_123',
      webhookSecret: 'whsec_x',
      http: createResilientHttp({ api: 'stripe-mock', timeoutMs: 5_000 }),
    });
    await waitFor(() => gateway.retrieve('pi_123'), { what: 'stripe-mock up', timeoutMs: 20_000 });
  });
  after(() => {
    proc?.kill('SIGTERM');
  });

  it("when the adapter authorises with its exact parameters, then Stripe's spec accepts them", async () => {
    const result = await gateway.authorize(
      {
        orderId: 'shop.myshopify.com:1001',
        amountMinor: 2599,
        currency: 'USD',
        paymentMethod: 'pm_card_visa',
        customer: 'cus_123',
        description: 'Order #1001',
      },
      'shop.myshopify.com:1001:authorize',
    );
    assert.equal(result.ok, true);
  });

  it('when the adapter captures (full and partial), cancels and refunds, then every request is valid', async () => {
    assert.match((await gateway.capture('pi_123', undefined, 'o:capture')).id, /^pi_/);
    assert.match((await gateway.capture('pi_123', 2000, 'o:capture-2')).id, /^pi_/);
    assert.match((await gateway.cancel('pi_123', 'o:void')).id, /^pi_/);
    assert.match((await gateway.refund('pi_123', 500, 'o:refund:1')).id, /^re_/);
  });

  it('when the adapter reads (retrieve, refunds list, search by order), then the queries are valid', async () => {
    assert.ok(await gateway.retrieve('pi_123'));
    assert.ok(Array.isArray(await gateway.listRefunds('pi_123')));
    assert.ok(Array.isArray(await gateway.findByOrder('shop.myshopify.com:1001')));
  });
});
