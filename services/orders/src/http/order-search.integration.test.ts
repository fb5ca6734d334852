import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { anOrder } from '../domain/order-fixture.ts';
import { SHOP, worldPerFile } from '../testing/orders-world.ts';

const w = worldPerFile();
const OTHER = 'other-it.myshopify.com';
const DAY = 86_400_000;
const now = Date.now();

/** Stored orders as the saga leaves them, received `days` ago. */
function stored(shop: string, n: number, days: number, extra: Record<string, unknown> = {}) {
  const at = new Date(now - days * DAY);
  return {
    ...anOrder('authorizing', { _id: `${shop}:${n}`, shop, sourceId: String(n), sourceName: `#${n}` }),
    version: 1,
    createdAt: at,
    updatedAt: at,
    ...extra,
  };
}

async function search(query: string) {
  const res = await w().admin(`/orders?${query}`);
  const body = (await res.json()) as { items: { id: string }[]; next_cursor: string | null };
  return { status: res.status, ids: body.items?.map((o) => o.id) ?? [], body };
}

describe('orders search: by name, source id and received date', () => {
  before(async () => {
    await w()
      .db.collection('orders')
      .insertMany([
        stored(SHOP, 1307, 40),
        stored(SHOP, 1308, 10),
        stored(SHOP, 1309, 2),
        stored(OTHER, 1307, 1),
      ] as never[]);
  });

  it('when an operator searches by order name, then exactly the orders of that name come back, newest first', async () => {
    assert.deepEqual((await search('name=%231307')).ids, [`${OTHER}:1307`, `${SHOP}:1307`]);
    assert.deepEqual((await search(`name=%231307&shop=${SHOP}`)).ids, [`${SHOP}:1307`]);
    assert.deepEqual((await search('name=%239999')).ids, []);
  });

  it('when a source id comes with its shop, then it is the order id lookup; without a shop, every shop', async () => {
    assert.deepEqual((await search(`source_id=1308&shop=${SHOP}`)).ids, [`${SHOP}:1308`]);
    assert.deepEqual((await search('source_id=1307')).ids, [`${OTHER}:1307`, `${SHOP}:1307`]);
  });

  it('when a received window is given, then only orders received in it are listed, and pages keep to it', async () => {
    const from = new Date(now - 15 * DAY).toISOString();
    const to = new Date(now).toISOString();
    assert.deepEqual((await search(`shop=${SHOP}&received_from=${from}&received_to=${to}`)).ids, [
      `${SHOP}:1309`,
      `${SHOP}:1308`,
    ]);
    const first = await search(`shop=${SHOP}&received_from=${from}&limit=1`);
    assert.deepEqual(first.ids, [`${SHOP}:1309`]);
    assert.ok(first.body.next_cursor);
    const second = await search(
      `shop=${SHOP}&received_from=${from}&limit=1&cursor=${first.body.next_cursor}`,
    );
    assert.deepEqual(second.ids, [`${SHOP}:1308`]);
    assert.equal(second.body.next_cursor, null);
    // A window ending 35 days ago reaches back 31 days: only the 40-day-old order.
    const old = new Date(now - 35 * DAY).toISOString();
    assert.deepEqual((await search(`shop=${SHOP}&received_to=${old}`)).ids, [`${SHOP}:1307`]);
  });

  it('when a window is wider than 31 days, reversed or not a date, then it is refused with a problem', async () => {
    const wide = `received_from=${new Date(now - 40 * DAY).toISOString()}&received_to=${new Date(now).toISOString()}`;
    for (const q of [
      wide,
      `received_from=${new Date(now).toISOString()}&received_to=${new Date(now - DAY).toISOString()}`,
      'received_from=yesterday',
    ]) {
      const res = await w().admin(`/orders?${q}`);
      assert.equal(res.status, 400, q);
      assert.match(res.headers.get('content-type') ?? '', /application\/problem\+json/);
    }
  });
});

describe('orders operator routes: overdue orders', () => {
  it('when an order is past its deadline, then it is listed with what it waits for; one within it is not', async () => {
    const past = new Date(now - 60_000).toISOString();
    const future = new Date(now + 3_600_000).toISOString();
    await w()
      .db.collection('orders')
      .insertMany([
        stored(SHOP, 2001, 0, { deadlineAt: past }),
        stored(SHOP, 2002, 0, { deadlineAt: future }),
      ] as never[]);
    await w()
      .db.collection('order_sweeps')
      .insertMany([
        { _id: `${SHOP}:2001`, deadlineAt: past },
        { _id: `${SHOP}:2002`, deadlineAt: future },
      ] as never[]);
    const res = await w().admin('/admin/orders/overdue');
    assert.equal(res.status, 200);
    const { items } = (await res.json()) as { items: Record<string, unknown>[] };
    assert.deepEqual(
      items.map((i) => [i.orderId, i.name, i.status, i.deadlineAt, i.waitingFor]),
      [[`${SHOP}:2001`, '#2001', 'authorizing', past, ['payment.authorize']]],
    );
    assert.equal((await w().admin('/admin/orders/overdue?limit=0')).status, 400);
    assert.equal((await fetch(`${w().base}/admin/orders/overdue`)).status, 401);
  });
});
