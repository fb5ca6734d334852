import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { waitFor } from '@commerce-sync/test/support/infra';
import { createBody, createShippingWorld, type ShippingWorld } from './testing/shipping-world.ts';

describe('shipping: labels against the EasyPost simulator', () => {
  let w: ShippingWorld;
  before(async () => {
    w = await createShippingWorld();
  });
  after(() => w.close());

  const order = (name: string) => `label-it.myshopify.com:${name}-${Date.now()}`;
  const labels = async (reference: string) =>
    ((await w.simCall('/stats', 'GET')).labelsByReference as Record<string, number>)[reference] ?? 0;

  it('when shipment.create arrives, then the cheapest label is bought and announced with tracking', async () => {
    const id = order('cheap');
    await w.send('shipment.create', createBody(id));
    const [msg] = await waitFor(
      () => w.events('shipment.label_purchased', id).length > 0 && w.events('shipment.label_purchased', id),
    );
    const p = msg?.payload as Record<string, unknown>;
    const shipment = (
      (await w.simCall(`/shipments?reference=${encodeURIComponent(id)}`, 'GET')) as unknown as Record<
        string,
        unknown
      >[]
    )[0];
    const cheapest = ((shipment?.rates ?? []) as { rate: string; id: string }[]).reduce((a, b) =>
      Number(a.rate) <= Number(b.rate) ? a : b,
    );
    assert.equal(p.rateMinor, Math.round(Number(cheapest.rate) * 100));
    assert.match(String(p.trackingCode), /\w+/);
    assert.match(String(p.trackingUrl), /^https?:/);
    assert.match(String(p.labelUrl), /^https?:/);
    // The courier's first estimate travels with the label (the shipped email shows it).
    assert.ok(!Number.isNaN(Date.parse(String(p.estimatedDeliveryAt))), `estimate ${p.estimatedDeliveryAt}`);
    await waitFor(() => w.events('tracking.updated', id).length > 0, { what: 'pre_transit' });
    assert.equal(w.events('tracking.updated', id)[0]?.payload.status, 'pre_transit');
  });

  it('when the same order is commanded 5 times at once, then exactly one label is bought and each gets an answer', async () => {
    const id = order('five');
    await Promise.all(Array.from({ length: 5 }, () => w.send('shipment.create', createBody(id))));
    await waitFor(() => w.events('shipment.label_purchased', id).length >= 5, { what: '5 answers' });
    assert.equal(await labels(id), 1);
    const codes = new Set(w.events('shipment.label_purchased', id).map((m) => m.payload.trackingCode));
    assert.equal(codes.size, 1);
  });

  it('when the first buy never answers, then the retry finds the bought label and buys no second one', async () => {
    const id = order('hang');
    await w.simCall('/buy-behaviour', 'PUT', { count: 1 });
    await w.send('shipment.create', createBody(id));
    await waitFor(() => w.events('shipment.label_purchased', id).length > 0, {
      what: 'label after timeout',
      timeoutMs: 20_000,
    });
    assert.equal(await labels(id), 1);
    assert.equal(((await w.simCall('/stats', 'GET')).buyRejectedPostageExists as number) >= 0, true);
  });

  it('when the first buy answers only after the client gave up, then still one label', async () => {
    const id = order('slow');
    await w.simCall('/buy-behaviour', 'PUT', { count: 1, delayMs: 1500 });
    await w.send('shipment.create', createBody(id));
    await waitFor(() => w.events('shipment.label_purchased', id).length > 0, {
      what: 'label after slow buy',
      timeoutMs: 20_000,
    });
    assert.equal(await labels(id), 1);
  });

  it('when the address cannot be verified, then shipment.failed carries the reason and no label is bought', async () => {
    const id = order('bad-address');
    await w.send('shipment.create', createBody(id, { zip: '00000' }));
    const [failed] = await waitFor(
      () => w.events('shipment.failed', id).length > 0 && w.events('shipment.failed', id),
    );
    assert.equal(failed?.payload.code, 'ADDRESS.VERIFY.FAILURE');
    assert.match(String(failed?.payload.reason), /address/i);
    assert.equal(await labels(id), 0);
  });

  it('when a label is cancelled before the first scan, then it is refunded and shipment.cancelled follows', async () => {
    const id = order('cancel');
    await w.send('shipment.create', createBody(id));
    await waitFor(() => w.events('shipment.label_purchased', id).length > 0);
    await w.send('shipment.cancel', { orderId: id });
    const [c] = await waitFor(
      () => w.events('shipment.cancelled', id).length > 0 && w.events('shipment.cancelled', id),
    );
    assert.equal(c?.payload.refundStatus, 'submitted');
    assert.equal(((await w.simCall('/stats', 'GET')).refundsByReference as Record<string, number>)[id], 1);
  });

  it('when the parcel was already scanned, then the cancel is refused with the reason', async () => {
    const id = order('scanned');
    await w.send('shipment.create', createBody(id));
    const [l] = await waitFor(
      () => w.events('shipment.label_purchased', id).length > 0 && w.events('shipment.label_purchased', id),
    );
    await w.simCall(`/trackers/${l?.payload.trackingCode}/advance`);
    await waitFor(() => w.events('tracking.updated', id).some((m) => m.payload.status === 'in_transit'));
    await w.send('shipment.cancel', { orderId: id });
    const [r] = await waitFor(
      () => w.events('shipment.cancel_refused', id).length > 0 && w.events('shipment.cancel_refused', id),
    );
    assert.match(String(r?.payload.reason), /in_transit/);
  });

  it('when a cancel arrives before any label, then a later create buys nothing', async () => {
    const id = order('early-cancel');
    await w.send('shipment.cancel', { orderId: id });
    await waitFor(() => w.events('shipment.cancelled', id).length > 0);
    await w.send('shipment.create', createBody(id));
    await waitFor(() => w.events('shipment.cancelled', id).length > 1, { what: 'second cancelled answer' });
    assert.equal(await labels(id), 0);
  });
});
