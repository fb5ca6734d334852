import { toAppError } from '@commerce-sync/errors';
import type { AggregateStore } from '@commerce-sync/messaging';
import type { OrderDocument } from '../adapters/order-model.ts';
import type { ShopifyFulfillments } from '../adapters/shopify-fulfillments.ts';
import type { WriteBack } from '../domain/order.ts';

interface Deps {
  orders: AggregateStore<OrderDocument>;
  shopify: ShopifyFulfillments;
  logger: { warn(obj: object, msg?: string): void };
}

/**
 * Performs the storefront write-backs the saga decided on (fulfillment, then tracking
 * events) and marks each done. Retryable failures are thrown (the message or the sweeper
 * comes back); a refusal is recorded on the write-back and not tried again.
 */
export function createWriteBack(deps: Deps) {
  async function mark(orderId: string, wb: WriteBack, change: { fulfillmentId?: string; error?: string }) {
    await deps.orders.apply(orderId, {
      key: `writeback:${wb.id}`,
      mutate: (doc) => {
        const writeBacks = doc.writeBacks.map((w) =>
          w.id === wb.id ? { ...w, done: true, ...(change.error ? { error: change.error } : {}) } : w,
        );
        doc.set({
          writeBacks,
          writeBackPending: writeBacks.some((w) => !w.done),
          ...(change.fulfillmentId ? { fulfillmentId: change.fulfillmentId } : {}),
        });
      },
    });
  }

  async function perform(order: OrderDocument, wb: WriteBack): Promise<string | undefined> {
    const orderGid = `gid://shopify/Order/${order.sourceId}`;
    if (wb.kind === 'fulfillment') {
      const s = order.shipment;
      if (!s) throw new Error('fulfillment write-back without a shipment');
      return deps.shopify.fulfill(order.shop, orderGid, {
        number: s.trackingCode,
        company: s.carrier,
        ...(s.trackingUrl ? { url: s.trackingUrl } : {}),
      });
    }
    if (!order.fulfillmentId) throw new Error('tracking event before the fulfillment exists');
    await deps.shopify.addEvent(
      order.shop,
      order.fulfillmentId,
      wb.status ?? 'IN_TRANSIT',
      new Date().toISOString(),
    );
    return undefined;
  }

  // One write-back run per order at a time in this process: two handlers of the same order
  // (two tracking updates) would otherwise both look, see nothing, and both write.
  const running = new Map<string, Promise<void>>();

  return function writeBack(orderId: string): Promise<void> {
    const previous = running.get(orderId) ?? Promise.resolve();
    const next = previous.catch(() => {}).then(() => flush(orderId));
    running.set(orderId, next);
    const forget = () => {
      if (running.get(orderId) === next) running.delete(orderId);
    };
    next.then(forget, forget);
    return next;
  };

  async function flush(orderId: string): Promise<void> {
    let order = (await deps.orders.model.findById(orderId).lean()) as OrderDocument | null;
    for (const wb of order?.writeBacks.filter((w) => !w.done) ?? []) {
      if (!order) return;
      try {
        const fulfillmentId = await perform(order, wb);
        await mark(orderId, wb, fulfillmentId ? { fulfillmentId } : {});
        if (fulfillmentId) order = { ...order, fulfillmentId };
      } catch (err) {
        const e = toAppError(err, { api: 'shopify' });
        if (e.retryable) throw e;
        deps.logger.warn(
          { orderId, writeBack: wb.id, code: e.code, err: e.message },
          'storefront write-back refused',
        );
        await mark(orderId, wb, { error: e.message });
      }
    }
  }
}
