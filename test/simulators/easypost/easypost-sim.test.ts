import assert from 'node:assert/strict';
import type { Server } from 'node:http';
import { after, before, beforeEach, describe, it } from 'node:test';
import express from 'express';
import { waitFor } from '../../support/infra.ts';
import { listen } from '../common/listen.ts';
import { createEasyPostSimulator } from './app.ts';
import { EasyPostClient } from './client.ts';

const KEY = 'EZTK_fidelity';
const SECRET = 'whsec_ézé_fidelity';
const to = {
  name: 'Ada Buyer',
  street1: '417 Montgomery St',
  city: 'San Francisco',
  state: 'CA',
  zip: '94104',
  country: 'US',
};
const from = {
  name: 'Warehouse',
  street1: '1 Dock Road',
  city: 'Portland',
  state: 'OR',
  zip: '97201',
  country: 'US',
};
const parcel = { weight: 16, length: 10, width: 8, height: 4 };

interface Received {
  body: Buffer;
  headers: Record<string, string>;
}

describe('EasyPost simulator through @easypost/api', () => {
  const received: Received[] = [];
  const sim = createEasyPostSimulator({ apiKey: KEY, webhookSecret: SECRET, settings: { trackerStepMs: 0 } });
  const servers: Server[] = [];
  let client: InstanceType<typeof EasyPostClient>;
  let baseUrl = '';

  before(async () => {
    const hook = express();
    hook.post('/hook', express.raw({ type: '*/*' }), (req, res) => {
      received.push({ body: req.body as Buffer, headers: req.headers as Record<string, string> });
      res.sendStatus(200);
    });
    const h = await listen(hook, { name: 'webhook receiver', port: 0 });
    const s = await listen(sim.app, { name: 'easypost simulator', port: 0 });
    servers.push(h.server, s.server);
    sim.settings.webhookUrl = `${h.url}/hook`;
    baseUrl = `${s.url}/v2/`;
    client = new EasyPostClient(KEY, { baseUrl, timeout: 2000 });
  });
  beforeEach(() => {
    sim.reset();
    received.length = 0;
  });
  after(async () => {
    await sim.close();
    for (const s of servers) {
      s.closeAllConnections();
      s.close();
    }
  });

  // @easypost/api 8 stores its `timeout` option but never applies it; a timeout needs superagent's own.
  const quickClient = () =>
    new EasyPostClient(KEY, {
      baseUrl,
      requestMiddleware: (r: { timeout(ms: number): unknown }) => r.timeout(200),
    });

  const createShipment = (reference: string, toAddress: object = to) =>
    client.Shipment.create({ to_address: toAddress, from_address: from, parcel, reference } as never);

  it('when a shipment is created, then it carries rates of several carriers with days', async () => {
    const s = await createShipment('order-1');
    assert.match(s.id, /^shp_/);
    assert.equal(s.reference, 'order-1');
    const carriers = new Set(s.rates.map((r) => r.carrier));
    assert.ok(carriers.size >= 2, `carriers ${[...carriers]}`);
    for (const r of s.rates) {
      assert.match(String(r.rate), /^\d+\.\d{2}$/);
      assert.equal(r.currency, 'USD');
      assert.ok(Number(r.delivery_days) >= 1);
      assert.ok(Number(r.est_delivery_days) >= 1);
    }
    const again = await client.Shipment.retrieve(s.id);
    assert.deepEqual(
      again.rates.map((r) => r.id),
      s.rates.map((r) => r.id),
    );
  });

  it('when the label is bought, then label url, tracking code and a public tracker come back; a second buy is refused', async () => {
    const s = await createShipment('order-2');
    const rate = s.rates[0];
    assert.ok(rate);
    const bought = await client.Shipment.buy(s.id, rate);
    assert.match(bought.postage_label.label_url, /^https?:\/\//);
    assert.ok(bought.tracking_code);
    assert.equal(bought.selected_rate.id, rate.id);
    assert.equal(bought.tracker.tracking_code, bought.tracking_code);
    assert.match(bought.tracker.public_url, /^https?:\/\//);
    const err = await client.Shipment.buy(s.id, rate).then(
      () => assert.fail('second buy succeeded'),
      (e: { statusCode: number; code: string }) => e,
    );
    assert.equal(err.statusCode, 422);
    assert.equal(err.code, 'SHIPMENT.POSTAGE.EXISTS');
    assert.equal(sim.stats.labelsByReference['order-2'], 1);
  });

  it('when the address cannot be verified, then the client raises a 422 with ADDRESS.VERIFY.FAILURE', async () => {
    const err = await createShipment('order-3', { ...to, zip: '00000' }).then(
      () => assert.fail('created'),
      (e: { statusCode: number; code: string; errors: unknown[]; message: string }) => e,
    );
    assert.equal(err.statusCode, 422);
    assert.equal(err.code, 'ADDRESS.VERIFY.FAILURE');
    assert.ok(err.errors.length > 0);
    assert.ok(err.message);
  });

  it('when the API key is wrong, then the client raises a 401 with APIKEY.INACTIVE', async () => {
    const wrong = new EasyPostClient('EZTK_wrong', { baseUrl });
    const err = await wrong.Shipment.all({}).then(
      () => assert.fail('listed'),
      (e: { statusCode: number; code: string }) => e,
    );
    assert.equal(err.statusCode, 401);
    assert.equal(err.code, 'APIKEY.INACTIVE');
  });

  it('when shipments are listed with purchased=true, then only bought ones come back, newest first', async () => {
    const a = await createShipment('list-a');
    const b = await createShipment('list-b');
    await createShipment('list-c');
    await client.Shipment.buy(a.id, a.rates[0]!);
    await client.Shipment.buy(b.id, b.rates[0]!);
    const page = await client.Shipment.all({ purchased: true, page_size: 1 } as never);
    assert.deepEqual(
      page.shipments.map((s) => s.reference),
      ['list-b'],
    );
    assert.equal(page.has_more, true);
    const next = await client.Shipment.getNextPage(page, 1);
    assert.deepEqual(
      next.shipments.map((s) => s.reference),
      ['list-a'],
    );
  });

  it('when a label is refunded before the first scan, then it is submitted; after a scan it is rejected', async () => {
    const s = await createShipment('refund-1');
    const bought = await client.Shipment.buy(s.id, s.rates[0]!);
    const refunded = await client.Shipment.refund(bought.id);
    assert.equal(refunded.refund_status, 'submitted');
    const t = await createShipment('refund-2');
    const b2 = await client.Shipment.buy(t.id, t.rates[0]!);
    await fetch(`${baseUrl.replace('/v2/', '')}/__sim/trackers/${b2.tracking_code}/advance`, {
      method: 'POST',
    });
    const refused = await client.Shipment.refund(b2.id);
    assert.equal(refused.refund_status, 'rejected');
    assert.equal(sim.stats.refundsSubmitted, 1);
    assert.equal(sim.stats.refundsRejected, 1);
  });

  it('when trackers are created, listed and retrieved, then the same tracker and history come back', async () => {
    const created = await client.Tracker.create({ tracking_code: 'EZ4000000004', carrier: 'USPS' });
    assert.equal(created.status, 'delivered');
    const again = await client.Tracker.create({ tracking_code: 'EZ4000000004', carrier: 'USPS' });
    assert.equal(again.id, created.id);
    const listed = await client.Tracker.all({ tracking_code: 'EZ4000000004' } as never);
    assert.deepEqual(
      listed.trackers.map((t: { id: string }) => t.id),
      [created.id],
    );
    const one = await client.Tracker.retrieve(created.id);
    assert.equal(one.tracking_details.at(-1)?.status, 'delivered');
  });

  it('when a tracker moves, then tracker.updated webhooks pass validateWebhook and a forged one does not', async () => {
    const s = await createShipment('hook-1');
    const bought = await client.Shipment.buy(s.id, s.rates[0]!);
    await fetch(`${baseUrl.replace('/v2/', '')}/__sim/trackers/${bought.tracking_code}/advance`, {
      method: 'POST',
    });
    await waitFor(() => received.length >= 2, { what: 'two webhooks' });
    const statuses = received.map((r) => {
      const event = client.Utils.validateWebhook(r.body, r.headers, SECRET) as {
        description: string;
        result: { status: string; tracking_code: string };
      };
      assert.equal(event.description, 'tracker.updated');
      assert.equal(event.result.tracking_code, bought.tracking_code);
      return event.result.status;
    });
    assert.deepEqual(statuses, ['pre_transit', 'in_transit']);
    const first = received[0]!;
    const forged = Buffer.from(first.body.toString('utf8').replace('pre_transit', 'delivered'));
    assert.throws(() => client.Utils.validateWebhook(forged, first.headers, SECRET));
    assert.throws(() => client.Utils.validateWebhook(first.body, first.headers, 'other secret'));
  });

  it('when the outcome is forced for a reference, then the tracker ends in that status', async () => {
    await fetch(`${baseUrl.replace('/v2/', '')}/__sim/outcomes/rts-1`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ outcome: 'return_to_sender' }),
    });
    const s = await createShipment('rts-1');
    const bought = await client.Shipment.buy(s.id, s.rates[0]!);
    for (let i = 0; i < 3; i++) {
      await fetch(`${baseUrl.replace('/v2/', '')}/__sim/trackers/${bought.tracking_code}/advance`, {
        method: 'POST',
      });
    }
    const t = await client.Tracker.retrieve(bought.tracker.id);
    assert.deepEqual(
      t.tracking_details.map((d: { status: string }) => d.status),
      ['pre_transit', 'in_transit', 'out_for_delivery', 'return_to_sender'],
    );
  });

  it('when faults are injected, then the client sees a 503 ApiError and a superagent timeout', async () => {
    sim.faults.set({ rules: [{ match: '^POST /v2/shipments$', errorRate: 1, errorStatus: 503, count: 1 }] });
    const outage = await createShipment('fault-1').then(
      () => assert.fail('created'),
      (e: { statusCode: number }) => e,
    );
    assert.ok(outage instanceof Error);
    assert.equal(outage.statusCode, 503);
    sim.faults.set({ rules: [{ match: '^GET /v2/trackers', timeoutRate: 1, count: 1 }] });
    const quick = quickClient();
    const timeout = await quick.Tracker.all({}).then(
      () => assert.fail('listed'),
      (e: { code: string; timeout?: number }) => e,
    );
    assert.equal(timeout.code, 'ECONNABORTED');
    const ok = await quick.Tracker.all({});
    assert.deepEqual(ok.trackers, []);
  });

  it('when the step time is short, then trackers reach delivered on their own with an estimate', async () => {
    sim.settings.trackerStepMs = 10;
    try {
      const s = await createShipment('auto-1');
      const bought = await client.Shipment.buy(s.id, s.rates[0]!);
      const done = await waitFor(
        async () => {
          const t = await client.Tracker.retrieve(bought.tracker.id);
          return t.status === 'delivered' && t;
        },
        { what: 'delivered' },
      );
      assert.ok(done.est_delivery_date);
      assert.equal(done.tracking_details.length, 4);
      await waitFor(() => received.length >= 4, { what: 'four webhooks' });
    } finally {
      sim.settings.trackerStepMs = 0;
    }
  });

  it('when a buy is set to hang, then the label is bought although no answer comes', async () => {
    const s = await createShipment('hang-1');
    await fetch(`${baseUrl.replace('/v2/', '')}/__sim/buy-behaviour`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ count: 1 }),
    });
    const quick = quickClient();
    await assert.rejects(quick.Shipment.buy(s.id, s.rates[0]!), { code: 'ECONNABORTED' });
    const after = await client.Shipment.retrieve(s.id);
    assert.ok(after.postage_label?.label_url);
    assert.equal(sim.stats.labelsByReference['hang-1'], 1);
  });
});
