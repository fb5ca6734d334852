/**
 * The whole system as a user sees it: signed storefront webhooks drive orders through
 * five services, three simulators, a real broker, database and SMTP server, to delivered,
 * cancelled (declined card, out of stock, customer cancellation) and delivery_exception.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import mongoose from 'mongoose';
import { type ReceivedSpan, startOtlpReceiver } from '@commerce-sync/service-kit/fixtures/otlp-receiver';
import { waitFor } from '../support/infra.ts';
import { type Stack, startStack } from '../support/stack-harness.ts';
import { type OrderView, World } from './world.ts';

const run = randomUUID().slice(0, 6);
const email = (who: string) => `${who}.${run}@customers.example`;

let stack: Stack;
let world: World;
let receiver: Awaited<ReturnType<typeof startOtlpReceiver>>;
const startLevels = new Map<string, { available: number; reserved: number; on_hand: number }>();
const ids: Record<
  'delivered' | 'declined' | 'outOfStock' | 'customerCancel' | 'exception',
  { orderId: string; sourceId: number; email: string }
> = {} as never;

before(async () => {
  receiver = await startOtlpReceiver();
  stack = await startStack({
    name: 'e2e',
    amqpPort: 5710,
    portOffset: 200,
    env: {
      SIM_TRACKER_STEP_MS: '1500',
      // No parcel ends in failure or return by chance (3 % by default): each test plans its own.
      SIM_TRACKER_FAILURE_RATE: '0',
      SIM_TRACKER_RETURN_RATE: '0',
      OTEL_TRACES_EXPORTER: 'otlp',
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_BSP_SCHEDULE_DELAY: '200',
    },
  });
  world = new World(stack);
  for (const sku of ['TEE-M', 'TEE-S', 'SNEAKER-42', 'BOTTLE-500', 'BEANIE-GRY'])
    startLevels.set(sku, await world.central(sku));

  const place = async (
    key: keyof typeof ids,
    lines: { sku: string; quantity: number }[],
    paymentMethod: string,
  ) => {
    const to = email(key);
    const o = await world.place({ lines, email: to, paymentMethod, locale: 'en' });
    ids[key] = { orderId: world.orderId(o.id), sourceId: o.id, email: to };
  };
  await Promise.all([
    place('delivered', [{ sku: 'TEE-M', quantity: 2 }], 'pm_card_visa'),
    place('declined', [{ sku: 'TEE-S', quantity: 1 }], 'pm_card_chargeDeclined'),
    place('outOfStock', [{ sku: 'SNEAKER-42', quantity: 1 }], 'pm_card_visa'),
    place('exception', [{ sku: 'BEANIE-GRY', quantity: 1 }], 'pm_card_visa'),
  ]);
  // The courier simulator plans a shipment's outcome when the shipment is created; the
  // shipment reference is the order id, known as soon as the order is placed.
  await world.forceOutcome(ids.exception.orderId, 'failure');
  await place('customerCancel', [{ sku: 'BOTTLE-500', quantity: 3 }], 'pm_card_visa');
  await world.cancelOnStorefront(ids.customerCancel.sourceId);
});

after(async () => {
  await stack?.stop();
  receiver?.close();
});

const statuses = (o: OrderView) => o.timeline.map((t) => t.to);
const kinds = async (to: string) => (await world.emailsTo(to)).map((m) => m.kind).sort();

/** Waits until the recipient holds every expected kind of email, then reads them all. */
async function settledEmails(to: string, expected: string[]): Promise<string[]> {
  await waitFor(
    async () => {
      const got = await kinds(to);
      return expected.every((k) => got.includes(k));
    },
    { timeoutMs: 30_000, what: `emails ${expected.join(', ')} to ${to}` },
  );
  return kinds(to);
}

describe('an order paid, reserved, captured, shipped and delivered', () => {
  let order: OrderView;

  it('when its webhook is accepted, then the order reaches delivered with a complete timeline', async () => {
    order = await world.waitStatus(ids.delivered.orderId, 'delivered', 90_000);
    const path = statuses(order);
    const expected = [
      'authorizing',
      'reserving',
      'capturing',
      'fulfilling',
      'shipped',
      'in_transit',
      'out_for_delivery',
      'delivered',
    ];
    let at = -1;
    for (const s of expected) {
      const next = path.indexOf(s as never, at + 1);
      assert.ok(next > at, `timeline has ${s} after ${path[at] ?? 'the start'}: ${path.join(' → ')}`);
      at = next;
    }
    for (const t of order.timeline) assert.ok(t.at && t.cause, `timeline entry ${t.to} has time and cause`);
  });

  it('then Stripe saw exactly one capture and no void or refund', async () => {
    const s = await world.stripeStats();
    assert.equal(s.capturesByOrder[ids.delivered.orderId], 1);
    assert.equal(s.voidsByOrder[ids.delivered.orderId] ?? 0, 0);
    assert.equal(s.refundsByOrder[ids.delivered.orderId] ?? 0, 0);
  });

  it('then exactly one label was bought and the storefront has exactly one fulfillment with its tracking number', async () => {
    const ep = await world.easypostStats();
    assert.equal(ep.labelsByReference[ids.delivered.orderId], 1);
    const tracking = order.shipment?.tracking_code;
    assert.ok(tracking, 'the order shows its tracking code');
    const [entry] = await world.fulfillments(ids.delivered.sourceId);
    assert.equal(entry?.fulfillments.length, 1);
    const info = entry?.fulfillments[0]?.trackingInfo;
    const numbers = (Array.isArray(info) ? info : [info]).map((i) => i?.number);
    assert.deepEqual(numbers, [tracking]);
  });

  it('then the stock left the shelf: on hand down by the quantity, nothing left reserved', async () => {
    const before = startLevels.get('TEE-M')!;
    const now = await waitFor(
      async () => {
        const l = await world.central('TEE-M');
        return l.on_hand === before.on_hand - 2 ? l : undefined;
      },
      { timeoutMs: 20_000, what: 'TEE-M committed' },
    );
    assert.equal(now.reserved, before.reserved);
    assert.equal(now.available, before.available - 2);
  });

  it('then the customer got each email exactly once: confirmed, shipped, out for delivery, delivered', async () => {
    const got = await settledEmails(ids.delivered.email, [
      'order_confirmed',
      'shipped',
      'out_for_delivery',
      'delivered',
    ]);
    assert.deepEqual(got, ['delivered', 'order_confirmed', 'out_for_delivery', 'shipped']);
  });

  it('then one trace connects the webhook request to the label purchase', async () => {
    const received = order.timeline.find((t) => t.trace_id);
    assert.ok(received?.trace_id, 'the timeline records trace ids');
    const traceId = received.trace_id;
    const inTrace = (pred: (s: ReceivedSpan) => boolean) =>
      receiver.spans.some((s) => s.traceId === traceId && pred(s));
    await waitFor(() => inTrace((s) => s.service === 'shipping' && s.kind === 3), {
      timeoutMs: 15_000,
      what: 'the label purchase span in the webhook trace',
    });
    for (const service of ['orders', 'payments', 'inventory', 'shipping'])
      assert.ok(
        inTrace((s) => s.service === service),
        `${service} is in the trace`,
      );
    assert.ok(
      inTrace((s) => s.service === 'orders' && s.kind === 2),
      'the webhook request (server span) is in the trace',
    );
  });
});

describe('orders that cannot be completed', () => {
  it('when the card is declined, then the order is cancelled, nothing is captured or reserved, one email says so', async () => {
    const o = await world.waitStatus(ids.declined.orderId, 'cancelled');
    assert.equal(o.reason, 'payment_declined');
    const s = await world.stripeStats();
    assert.equal(s.capturesByOrder[ids.declined.orderId] ?? 0, 0);
    const level = await world.central('TEE-S');
    assert.equal(level.available, startLevels.get('TEE-S')?.available);
    assert.deepEqual(await settledEmails(ids.declined.email, ['cancelled']), ['cancelled']);
  });

  it('when the SKU is out of stock, then the authorisation is voided and the order cancelled', async () => {
    const o = await world.waitStatus(ids.outOfStock.orderId, 'cancelled');
    assert.equal(o.reason, 'out_of_stock');
    const s = await waitFor(
      async () => {
        const st = await world.stripeStats();
        return st.voidsByOrder[ids.outOfStock.orderId] === 1 ? st : undefined;
      },
      { what: 'one void' },
    );
    assert.equal(s.capturesByOrder[ids.outOfStock.orderId] ?? 0, 0);
    assert.deepEqual(await settledEmails(ids.outOfStock.email, ['cancelled']), ['cancelled']);
  });

  it('when the customer cancels before shipping, then money and stock go back and no parcel leaves', async () => {
    const o = await world.waitStatus(ids.customerCancel.orderId, 'cancelled');
    assert.equal(o.reason, 'customer_cancelled');
    const s = await world.stripeStats();
    const captured = s.capturesByOrder[ids.customerCancel.orderId] ?? 0;
    assert.ok(captured <= 1);
    if (captured === 1)
      assert.equal(s.refundsByOrder[ids.customerCancel.orderId], 1, 'a capture was refunded');
    const before = startLevels.get('BOTTLE-500')!;
    await waitFor(
      async () => {
        const l = await world.central('BOTTLE-500');
        return (
          l.available === before.available && l.reserved === before.reserved && l.on_hand === before.on_hand
        );
      },
      { timeoutMs: 20_000, what: 'BOTTLE-500 back to its starting levels' },
    );
    const [entry] = await world.fulfillments(ids.customerCancel.sourceId);
    assert.equal(entry?.fulfillments.length ?? 0, 0, 'no fulfillment');
  });

  it('when the courier reports a failure, then the order has a delivery exception and the customer hears once', async () => {
    const o = await world.waitStatus(ids.exception.orderId, 'delivery_exception', 90_000);
    assert.ok(statuses(o).includes('shipped'), `shipped first: ${statuses(o).join(' → ')}`);
    const got = await settledEmails(ids.exception.email, ['order_confirmed', 'shipped', 'delivery_problem']);
    // The simulated courier may fail before or after "out for delivery" (a failed attempt).
    for (const kind of ['order_confirmed', 'shipped', 'delivery_problem'])
      assert.ok(got.includes(kind), `${kind} in ${got}`);
    assert.ok(
      !got.includes('delivered') && !got.includes('cancelled'),
      `no delivered/cancelled email: ${got}`,
    );
    assert.equal(new Set(got).size, got.length, `each email once: ${got.join(', ')}`);
  });
});

describe('a customer forgotten (customers/redact)', () => {
  it('when Shopify asks to forget a customer whose order was delivered, then every service confirms and no database holds their email, name or street, while the money and the stock stay', async () => {
    const who = { email: email('forget'), lastName: `Hopper${run}`, street: `${run} Navy Yard Road` };
    const o = await world.place({
      lines: [{ sku: 'TEE-M', quantity: 1 }],
      email: who.email,
      firstName: 'Grace',
      lastName: who.lastName,
      address: {
        first_name: 'Grace',
        last_name: who.lastName,
        address1: who.street,
        city: 'Arlington',
        zip: '22201',
        country: 'United States',
        country_code: 'US',
      },
      paymentMethod: 'pm_card_visa',
      locale: 'en',
    });
    const orderId = world.orderId(o.id);
    await world.waitStatus(orderId, 'delivered', 90_000);
    const levels = await world.central('TEE-M');

    const sent = await world.json<{ webhookId: string; orders: number[] }>(
      `${stack.url.shopify}/__sim/storefront/shop-webhooks`,
      { method: 'POST', body: JSON.stringify({ topic: 'customers/redact', email: who.email }) },
    );
    assert.deepEqual(sent.orders, [o.id]);
    type Request = { confirmed: Record<string, { documents: number }>; completedAt?: string };
    let request: Request | undefined;
    await waitFor(
      async () => {
        const url = `${stack.url.orders}/admin/compliance/${encodeURIComponent(sent.webhookId)}`;
        request = await world.json<{ request: Request }>(url, { admin: true }).then(
          (r) => r.request,
          () => undefined,
        );
        return Boolean(request?.completedAt);
      },
      { timeoutMs: 30_000, what: 'every service confirmed the redaction' },
    );
    assert.deepEqual(Object.keys(request?.confirmed ?? {}).sort(), [
      'inventory',
      'notifications',
      'orders',
      'payments',
      'shipping',
    ]);

    // Every collection of every service's database, read raw with the driver.
    const conn = await mongoose.createConnection(String(stack.env.MONGO_URL)).asPromise();
    try {
      const dbs = ['orders', 'payments', 'inventory', 'shipping', 'notifications'];
      const found: string[] = [];
      const holding = new Set<string>();
      for (const name of dbs) {
        const db = conn.useDb(name).db;
        if (!db) continue;
        for (const c of await db.listCollections().toArray()) {
          const text = JSON.stringify(await db.collection(c.name).find({}).toArray());
          if (text.includes(orderId)) holding.add(name);
          for (const value of Object.values(who))
            if (text.includes(value)) found.push(`${name}.${c.name}: ${value}`);
        }
      }
      assert.deepEqual(found, [], 'no plain personal value left');
      // The scan read the services' real databases: each still holds the order by its id.
      assert.deepEqual([...holding].sort(), ['inventory', 'notifications', 'orders', 'payments', 'shipping']);
    } finally {
      await conn.close();
    }
    const after = await world.order(orderId);
    assert.equal(after.status, 'delivered');
    assert.equal(after.amounts.total.minor > 0, true, 'the amount is kept');
    assert.equal((await world.stripeStats()).capturesByOrder[orderId], 1);
    assert.deepEqual(await world.central('TEE-M'), levels, 'the stock is untouched');
  });
});
