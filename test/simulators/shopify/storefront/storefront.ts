import { seededRandom } from '../../common/faults.ts';
import type { CatalogEntry } from '../catalog.ts';
import { type GeneratorRun, type GenerateOptions, generateOrders, randomOrderInput } from './generator.ts';
import { buildOrderPayload, type OrderInput, type OrderPayload } from './order-payload.ts';
import type { StorefrontStore } from './store.ts';
import type { StorefrontWebhooks } from './webhooks.ts';

/** The storefront's behaviour: place and cancel orders (each sends its webhook) and run the generator. */
export function createStorefront(deps: {
  store: StorefrontStore;
  webhooks: StorefrontWebhooks;
  entries: CatalogEntry[];
}) {
  const { store, webhooks, entries } = deps;
  const bySku = new Map(entries.map((e) => [e.sku, e]));
  let run: GeneratorRun | undefined;
  let filler = seededRandom(Date.now() % 2 ** 31);

  function placeOrder(partial: Partial<OrderInput> = {}): OrderPayload {
    const input = { ...randomOrderInput(filler, entries), ...partial };
    const order = buildOrderPayload(input, bySku, {
      ...store.nextOrderIds(input.lines.length),
      now: new Date(),
    });
    store.addOrder(order);
    webhooks.send('orders/create', order);
    return order;
  }

  function cancelOrder(id: number, reason = 'customer'): OrderPayload | undefined {
    const order = store.orders.get(id);
    if (!order) return undefined;
    if (!order.cancelled_at) {
      order.cancelled_at = new Date().toISOString();
      order.cancel_reason = reason;
      order.updated_at = order.cancelled_at;
      for (const fo of store.fulfillmentOrdersOf(id)) if (fo.status === 'OPEN') fo.status = 'CANCELLED';
    }
    webhooks.send('orders/cancelled', order);
    return order;
  }

  return {
    placeOrder,
    cancelOrder,
    generate(opts: GenerateOptions): GeneratorRun {
      run?.stop();
      run = generateOrders(entries, { place: (i) => placeOrder(i), cancel: (id) => cancelOrder(id) }, opts);
      return run;
    },
    generator: () => run,
    reset() {
      run?.stop();
      run = undefined;
      filler = seededRandom(1);
    },
  };
}

export type Storefront = ReturnType<typeof createStorefront>;
