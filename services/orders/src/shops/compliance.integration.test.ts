import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { SERVICES } from '@commerce-sync/contracts';
import { waitFor } from '@commerce-sync/test/support/infra';
import { createOrdersWorld, type OrdersWorld, orderBody, SHOP } from '../testing/orders-world.ts';

let world: OrdersWorld;
before(async () => {
  world = await createOrdersWorld();
});
after(async () => {
  await world?.close();
});

const collection = (name: string) => world.db.collection(name);
const requestsOf = (requestId: string) =>
  world.seen.filter((m) => m.type === 'customer.redaction_requested' && m.payload.requestId === requestId);

/** Every document of every collection of the orders database, as text. */
async function everything(): Promise<string> {
  const names = (await world.db.db!.listCollections().toArray()).map((c) => c.name);
  const docs = await Promise.all(names.map((n) => collection(n).find({}).toArray()));
  return JSON.stringify(docs);
}

async function placed(id: number, email: string, street: string, shop = SHOP) {
  const res = await world.webhook(
    'orders/create',
    orderBody(id, {
      email,
      shipping_address: {
        first_name: 'Grace',
        last_name: 'Hopper',
        address1: street,
        city: 'Arlington',
        zip: '22201',
        country_code: 'US',
      },
    }),
    { shop },
  );
  assert.equal(res.status, 200);
  return `${shop}:${id}`;
}

describe('app/uninstalled and the compliance webhooks', () => {
  it('when a shop uninstalls, then its token is gone and its next order is answered 200, recorded and not processed', async () => {
    const shop = `gone-${randomUUID().slice(0, 6)}.myshopify.com`;
    const before = await placed(930001, 'before.uninstall@example.com', '5 Elm Street', shop);
    const res = await world.webhook('app/uninstalled', JSON.stringify({ id: 1, domain: shop }), { shop });
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { received: true, uninstalled: true });
    const record = await collection('shops').findOne({ _id: shop } as never);
    assert.ok(record?.uninstalledAt);
    assert.equal(record?.accessToken, undefined);

    const webhookId = `wh-after-uninstall-${randomUUID()}`;
    const after = await world.webhook('orders/create', orderBody(930002), { shop, webhookId });
    assert.equal(after.status, 200);
    assert.deepEqual(await after.json(), {
      received: true,
      processed: false,
      reason: 'the shop uninstalled the app',
    });
    const recorded = await collection('shopify_deliveries').findOne({ _id: webhookId } as never);
    assert.equal(recorded?.skipped, 'shop uninstalled');
    assert.equal(await collection('orders').countDocuments({ _id: `${shop}:930002` } as never), 0);
    // The order taken before the uninstall goes on (it is in flight).
    await waitFor(() => world.of(before, 'payment.authorize').length === 1, { what: 'the earlier order' });
    assert.equal(world.of(`${shop}:930002`, 'payment.authorize').length, 0);

    // shop/redact (48 h later at Shopify): nothing of the shop is kept, the skipped delivery included.
    const redact = await world.webhook('shop/redact', JSON.stringify({ shop_id: 1, shop_domain: shop }), {
      shop,
    });
    assert.equal(redact.status, 200);
    const answer = (await redact.json()) as { requestId: string; orders: number };
    assert.equal(answer.orders, 1);
    await waitFor(async () => (await collection('shopify_deliveries').countDocuments({ shop })) === 0, {
      what: 'the shop’s deliveries deleted',
    });
    await waitFor(async () => !(await everything()).includes('before.uninstall@example.com'), {
      what: 'the shop’s customers forgotten',
    });
    assert.equal(await collection('shops').countDocuments({ _id: shop } as never), 0);
    assert.deepEqual(requestsOf(answer.requestId)[0]?.payload, {
      requestId: answer.requestId,
      shop,
      scope: 'shop',
      orderIds: [before],
      requestedAt: requestsOf(answer.requestId)[0]?.payload.requestedAt,
    });
  });

  it('when customers/redact names a customer, then their orders are forgotten here, every service is asked, a stalled one is asked again, and the request completes when all confirm', async () => {
    const email = `grace.${randomUUID().slice(0, 6)}@example.com`;
    const named = await placed(931001, email, '77 Navy Yard Road');
    const byEmail = await placed(931002, email, '77 Navy Yard Road');
    const other = await placed(931003, 'someone.else@example.com', '1 Other Way');
    await waitFor(() => world.of(byEmail, 'payment.authorize').length === 1, { what: 'the orders placed' });

    const webhookId = `wh-redact-${randomUUID()}`;
    const body = JSON.stringify({
      shop_id: 1,
      shop_domain: SHOP,
      customer: { id: 191167, email, phone: null },
      orders_to_redact: [931001],
    });
    const res = await world.webhook('customers/redact', body, { webhookId });
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { received: true, requestId: webhookId, orders: 2, duplicate: false });
    await waitFor(() => requestsOf(webhookId).length === 1, { what: 'customer.redaction_requested' });
    assert.deepEqual([...((requestsOf(webhookId)[0]?.payload.orderIds ?? []) as string[])].sort(), [
      named,
      byEmail,
    ]);

    // The orders service's own copy: no trace of the email or the street, the books kept.
    await waitFor(async () => !(await everything()).includes(email), { what: 'the email gone' });
    const text = await everything();
    assert.ok(!text.includes('77 Navy Yard Road'), 'the street is gone');
    assert.ok(text.includes('someone.else@example.com'), 'another customer is kept');
    const order = await collection('orders').findOne({ _id: named } as never);
    assert.equal(order?.totalMinor, 4518, 'the amount stays');
    assert.equal(order?.customer?.email, 'redacted@redacted.invalid');
    assert.ok(await collection('orders').findOne({ _id: other } as never));

    // Shopify's retry of the same webhook is absorbed: no second request.
    const again = await world.webhook('customers/redact', body, { webhookId });
    assert.equal(((await again.json()) as { duplicate: boolean }).duplicate, true);

    const status = async () => {
      const r = await world.admin(`/admin/compliance/${encodeURIComponent(webhookId)}`);
      assert.equal(r.status, 200);
      return ((await r.json()) as { request: { confirmed: Record<string, unknown>; completedAt?: string } })
        .request;
    };
    await waitFor(async () => Boolean((await status()).confirmed.orders), {
      what: 'orders confirmed itself',
    });
    assert.equal(requestsOf(webhookId).length, 1);

    // Nobody else confirmed: after the resend delay the sweeper asks again.
    await world.sweep(new Date(Date.now() + 11 * 60_000));
    await waitFor(() => requestsOf(webhookId).length === 2, { what: 'the request sent again' });

    for (const service of SERVICES.filter((s) => s !== 'orders'))
      await world.publish('customer.redacted', {
        requestId: webhookId,
        service,
        documents: 1,
        redactedAt: new Date().toISOString(),
      });
    await waitFor(async () => Boolean((await status()).completedAt), { what: 'the request complete' });
    assert.deepEqual(Object.keys((await status()).confirmed).sort(), [...SERVICES].sort());
    await world.sweep(new Date(Date.now() + 30 * 60_000));
    assert.equal(requestsOf(webhookId).length, 2, 'a completed request is not sent again');
  });

  it('when customers/data_request comes, then the operator’s export holds the customer’s orders', async () => {
    const email = `ada.${randomUUID().slice(0, 6)}@example.com`;
    const id = await placed(932001, email, '12 Analytical Row');
    const webhookId = `wh-data-${randomUUID()}`;
    const res = await world.webhook(
      'customers/data_request',
      JSON.stringify({
        shop_id: 1,
        shop_domain: SHOP,
        customer: { id: 1, email },
        orders_requested: [],
        data_request: { id: 9999 },
      }),
      { webhookId },
    );
    assert.equal(res.status, 200);
    const exported = await world.admin(`/admin/compliance/${encodeURIComponent(webhookId)}`);
    const out = (await exported.json()) as { request: { completedAt?: string }; orders: { _id: string }[] };
    assert.deepEqual(
      out.orders.map((o) => o._id),
      [id],
    );
    assert.ok(JSON.stringify(out.orders).includes(email));
    assert.ok(out.request.completedAt, 'answered when first exported');
    assert.equal(requestsOf(webhookId).length, 0, 'a data request asks no service to forget');
    assert.equal((await world.admin('/admin/compliance/nope')).status, 404);
  });

  it('when a compliance webhook is forged or carries an operator, then 4xx and nothing is recorded', async () => {
    const forged = await world.webhook('customers/redact', JSON.stringify({ orders_to_redact: [931001] }), {
      hmac: 'Zm9yZ2Vk',
      webhookId: 'wh-forged-redact',
    });
    assert.equal(forged.status, 401);
    const injected = await world.webhook(
      'customers/redact',
      JSON.stringify({ customer: { email: { $gt: '' } }, orders_to_redact: [] }),
      { webhookId: 'wh-injected-redact' },
    );
    assert.equal(injected.status, 400);
    assert.equal(injected.headers.get('content-type')?.split(';')[0], 'application/problem+json');
    const stored = await collection('compliance_requests').countDocuments({
      _id: { $in: ['wh-forged-redact', 'wh-injected-redact'] },
    } as never);
    assert.equal(stored, 0);
  });
});
