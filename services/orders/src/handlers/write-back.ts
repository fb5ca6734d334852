import { type AppError, toAppError, UpstreamRejected } from '@commerce-sync/errors';
import type { AggregateStore } from '@commerce-sync/messaging';
import type { OrderDocument } from '../adapters/order-model.ts';
import { writeBacksRefused } from '../adapters/operator-metrics.ts';
import type { ShopifyFulfillments } from '../adapters/shopify-fulfillments.ts';
import type { SweepIndex } from '../adapters/sweep-index.ts';
import type { WriteBack } from '../domain/order.ts';

export interface WriteBackOptions {
  /** The caller's clock (the sweeper's run), for the backoff check. */
  now?: Date;
  /** The order as the saga step just wrote it: saves reading it again. */
  order?: OrderDocument;
  /** That step started the order's first pending write-back (no backoff can be waiting). */
  started?: boolean;
}

/** Runs the pending storefront write-backs of one order (see createWriteBack). */
export type WriteBackRun = (orderId: string, opts?: WriteBackOptions) => Promise<void>;

interface Deps {
  orders: AggregateStore<OrderDocument>;
  shopify: ShopifyFulfillments;
  index: Pick<SweepIndex, 'sync' | 'backOff' | 'backingOff'>;
  logger: { warn(obj: object, msg?: string): void; info(obj: object, msg?: string): void };
}

/**
 * Performs the storefront write-backs the saga decided on (fulfillment, then tracking
 * events) and marks each done. Best-effort and never throws: the saga has already moved on,
 * a retryable failure leaves the write-back pending with a backoff (Retry-After when the
 * storefront gave one) for the sweeper, and a refusal is recorded and not tried again.
 */
export function createWriteBack(deps: Deps) {
  async function mark(orderId: string, wb: WriteBack, change: { fulfillmentId?: string; error?: string }) {
    let stillPending = false;
    const { applied, doc } = await deps.orders.apply(orderId, {
      key: `writeback:${wb.id}`,
      mutate: (d) => {
        const writeBacks = d.writeBacks.map((w) =>
          w.id === wb.id ? { ...w, done: true, ...(change.error ? { error: change.error } : {}) } : w,
        );
        stillPending = writeBacks.some((w) => !w.done);
        d.set({
          writeBacks,
          writeBackPending: stillPending,
          ...(change.fulfillmentId ? { fulfillmentId: change.fulfillmentId } : {}),
        });
      },
    });
    // While others stay pending the sweep entry is right as it is (this write moves no
    // deadline, and a due time set earlier stays): one index write less per write-back. A
    // repeat (key seen) syncs anyway, repairing a crash between the two writes.
    if (doc && !(applied && stillPending)) await deps.index.sync(doc);
  }

  async function perform(order: OrderDocument, wb: WriteBack): Promise<string | undefined> {
    const orderGid = `gid://shopify/Order/${order.sourceId}`;
    if (wb.kind === 'fulfillment') {
      const s = order.shipment;
      if (!s) throw new UpstreamRejected('fulfillment write-back without a shipment', { api: 'shopify' });
      return deps.shopify.fulfill(order.shop, orderGid, {
        number: s.trackingCode,
        company: s.carrier,
        ...(s.trackingUrl ? { url: s.trackingUrl } : {}),
      });
    }
    // Reached only when the fulfillment write-back is done: without an id it was refused.
    if (!order.fulfillmentId) {
      const why = order.writeBacks.find((w) => w.kind === 'fulfillment')?.error ?? 'never written';
      throw new UpstreamRejected(`no storefront fulfillment to add the event to (${why})`, {
        api: 'shopify',
      });
    }
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
  function writeBack(orderId: string, opts: WriteBackOptions = {}): Promise<void> {
    const previous = running.get(orderId);
    // A run before this one may change the order: then it is read again when our turn comes.
    const run = previous ? { now: opts.now } : opts;
    const next = (previous ?? Promise.resolve()).then(() =>
      flush(orderId, run).catch((err) => failed(orderId, err)),
    );
    running.set(orderId, next);
    const forget = () => {
      if (running.get(orderId) === next) running.delete(orderId);
    };
    next.then(forget, forget);
    return next;
  }
  /** Resolves when every write-back started so far has settled (shutdown waits for it). */
  const idle = async () => void (await Promise.all(running.values()));
  return Object.assign(writeBack, { idle });

  async function flush(orderId: string, opts: WriteBackOptions): Promise<void> {
    const given = opts.order;
    if (given && !given.writeBacks.some((w) => !w.done)) return;
    // A new tracking event does not cut a Retry-After short; the sweeper comes when it is due.
    // A write-back the step just started (none pending before) has no backoff to honour.
    const fresh = given && opts.started;
    if (!fresh && (await deps.index.backingOff(orderId, opts.now ?? new Date()))) return;
    let order = given ?? ((await deps.orders.model.findById(orderId).lean()) as OrderDocument | null);
    for (const wb of order?.writeBacks.filter((w) => !w.done) ?? []) {
      if (!order) return;
      let outcome: { fulfillmentId?: string; error?: string };
      try {
        const fulfillmentId = await perform(order, wb);
        outcome = fulfillmentId ? { fulfillmentId } : {};
      } catch (err) {
        const e = toAppError(err, { api: 'shopify' });
        if (e.retryable) throw e;
        deps.logger.warn({ orderId, writeBack: wb.id, ...describe(e) }, 'storefront write-back refused');
        writeBacksRefused.inc({ kind: wb.kind });
        outcome = { error: e.message };
      }
      await mark(orderId, wb, outcome);
      if (outcome.fulfillmentId) order = { ...order, fulfillmentId: outcome.fulfillmentId };
    }
  }

  async function failed(orderId: string, err: unknown): Promise<void> {
    const e = toAppError(err, { api: 'shopify' });
    try {
      const at = await deps.index.backOff(orderId, new Date(), e.retryAfterMs);
      deps.logger.info(
        { orderId, ...describe(e), retryAt: at.toISOString() },
        'storefront write-back postponed',
      );
    } catch (inner) {
      // The entry keeps its earlier due time: the sweeper still comes back.
      deps.logger.warn({ orderId, err: (inner as Error).message }, 'write-back backoff not recorded');
    }
  }
}

// An unclassified error says only "Internal error": name its cause so the log explains it.
function describe(e: AppError): { code: string; err: string } {
  const cause = e.cause instanceof Error ? `: ${e.cause.name}: ${e.cause.message}` : '';
  return { code: e.code, err: e.code === 'INTERNAL' ? `${e.message}${cause}` : e.message };
}
