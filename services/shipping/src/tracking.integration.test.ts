import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { waitFor } from '@commerce-sync/test/support/infra';
import { createBody, createShippingWorld, type ShippingWorld } from './testing/shipping-world.ts';

describe('shipping: tracking from webhooks and the poller', () => {
  let w: ShippingWorld;
  before(async () => {
    // The poller runs every second and asks trackers silent for 1.5 s.
    w = await createShippingWorld({
      env: { TRACKING_POLL_CRON: '* * * * * *', TRACKING_SILENCE_MS: '1500' },
    });
  });
  after(() => w.close());

  const order = (name: string) => `track-it.myshopify.com:${name}-${Date.now()}`;
  const statuses = (id: string) => w.events('tracking.updated', id).map((m) => m.payload.status);
  async function labelled(id: string) {
    await w.send('shipment.create', createBody(id));
    const [l] = await waitFor(
      () => w.events('shipment.label_purchased', id).length > 0 && w.events('shipment.label_purchased', id),
    );
    return String(l?.payload.trackingCode);
  }
  const advance = (code: string, status?: string) =>
    w.simCall(`/trackers/${code}/advance`, 'POST', status ? { status } : {});

  it('when a webhook is forged or unsigned, then it is refused with 401', async () => {
    const body = JSON.stringify({ id: 'evt_forged', description: 'tracker.updated', result: {} });
    const forged = createHmac('sha256', 'not-the-secret').update(body).digest('hex');
    for (const headers of [{ 'x-hmac-signature': `hmac-sha256-hex=${forged}` }, {}]) {
      const res = await fetch(`${w.baseUrl}/webhooks/easypost`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body,
      });
      assert.equal(res.status, 401);
      assert.match(res.headers.get('content-type') ?? '', /problem\+json/);
    }
  });

  it('when webhooks come twice and out of order, then statuses only move forward, each announced once', async () => {
    const id = order('dup');
    const code = await labelled(id);
    w.sim.faults.set({ webhooks: { duplicateRate: 1, reorderRate: 0.5 } });
    try {
      await advance(code);
      await advance(code);
      await advance(code);
      await waitFor(() => statuses(id).includes('delivered'), { what: 'delivered' });
      await w.sim.sender.idle();
    } finally {
      w.sim.faults.set({ webhooks: {} });
    }
    const seen = statuses(id);
    assert.deepEqual(
      [...new Set(seen)],
      ['pre_transit', 'in_transit', 'out_for_delivery', 'delivered'].filter((s) => seen.includes(s)),
    );
    assert.equal(seen.filter((s) => s === 'delivered').length, 1);
    const delivered = w.events('tracking.updated', id).find((m) => m.payload.status === 'delivered');
    assert.ok(delivered?.payload.at);
    assert.ok(delivered?.payload.estimatedDeliveryAt);
  });

  it('when webhooks are dropped, then the poller still drives the order to delivered', async () => {
    const id = order('dropped');
    const code = await labelled(id);
    w.sim.faults.set({ webhooks: { dropRate: 1 } });
    try {
      await advance(code, 'delivered');
      const [m] = await waitFor(
        () => {
          const done = w.events('tracking.updated', id).filter((x) => x.payload.status === 'delivered');
          return done.length > 0 && done;
        },
        { what: 'delivered by poll', timeoutMs: 15_000 },
      );
      assert.equal(m?.payload.source, 'poll');
    } finally {
      w.sim.faults.set({ webhooks: {} });
    }
  });

  it('when the courier reports failure or return to sender, then tracking.updated carries that status', async () => {
    for (const outcome of ['failure', 'return_to_sender']) {
      const id = order(outcome);
      await w.simCall(`/outcomes/${encodeURIComponent(id)}`, 'PUT', { outcome });
      const code = await labelled(id);
      for (let i = 0; i < 3; i++) await advance(code);
      await waitFor(() => statuses(id).includes(outcome), { what: outcome });
    }
  });
});
