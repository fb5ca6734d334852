import { Conflict, NotFound, ValidationFailed } from '@commerce-sync/errors';
import type { RequestHandler, Router } from 'express';
import type { Model } from 'mongoose';
import { z } from 'zod';
import type { Delivery, DeliveryModel, PendingDeliveryModel } from '../adapters/delivery-model.ts';
import type { OrderDocument } from '../adapters/order-model.ts';
import { sweepIndex } from '../adapters/sweep-index.ts';
import { MAX_DELIVERY_ATTEMPTS, recordedDelivery } from '../handlers/process-delivery.ts';

export const LimitQuery = z.object({ limit: z.coerce.number().int().min(1).max(100).default(50) });

function limitOf(query: unknown): number {
  const r = LimitQuery.safeParse(query);
  if (r.success) return r.data.limit;
  throw new ValidationFailed('invalid query', {
    fields: r.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message })),
  });
}

interface Deps {
  model: Model<OrderDocument>;
  deliveries: DeliveryModel;
  pendingDeliveries: PendingDeliveryModel;
  processDelivery(d: Delivery): Promise<void>;
  requireAdmin: RequestHandler;
}

/**
 * What the service gave up on, for a person: Shopify deliveries abandoned after the last
 * attempt (with a retry once the cause is fixed) and storefront write-backs refused for good.
 */
export function operatorRoutes(r: Router, deps: Deps): void {
  const { requireAdmin, pendingDeliveries } = deps;
  const abandoned = { attempts: { $gte: MAX_DELIVERY_ATTEMPTS } };

  r.get('/admin/shopify-deliveries', requireAdmin, async (req, res) => {
    const markers = await pendingDeliveries
      .find(abandoned)
      .sort({ receivedAt: -1 })
      .limit(limitOf(req.query))
      .lean();
    const items = [];
    // One read by _id each (a marker of the earlier form carries no body): the deliveries
    // collection keeps every delivery ever received, and only `_id` reads it cheaply.
    for (const m of markers) {
      const d = await recordedDelivery(deps, m);
      items.push({ id: m._id, topic: d?.topic ?? null, shop: d?.shop ?? null, ...view(m) });
    }
    res.json({ items });
  });

  r.post('/admin/shopify-deliveries/:id/retry', requireAdmin, async (req, res) => {
    const id = String(req.params.id);
    const marker = await pendingDeliveries.findById(id).lean();
    if (!marker) throw new NotFound(`no unprocessed shopify delivery ${id}`);
    if ((marker.attempts ?? 0) < MAX_DELIVERY_ATTEMPTS)
      throw new Conflict(`shopify delivery ${id} is still being retried by the sweeper`);
    const delivery = await recordedDelivery(deps, marker);
    if (!delivery) throw new NotFound(`shopify delivery ${id} has no recorded body`);
    // A fresh count: if this attempt fails too, the sweeper keeps trying before giving up again.
    await pendingDeliveries.updateOne({ _id: id }, { $set: { attempts: 0 } });
    await deps.processDelivery(delivery);
    const after = await pendingDeliveries.findById(id).lean();
    res.json({ id, processed: !after, ...(after ? view(after) : {}) });
  });

  // The sweeper's own small collection (orders in flight) finds them; each order is then one
  // read by `_id`. The sweeper retries these and escalates them to needs_attention.
  r.get('/admin/orders/overdue', requireAdmin, async (req, res) => {
    const due = await sweepIndex(deps.model.db).dueDeadlines(new Date(), limitOf(req.query));
    const items = [];
    for (const entry of due) {
      const o = await deps.model
        .findById(entry._id, { status: 1, sourceName: 1, shop: 1, pending: 1, sweepAttempts: 1 })
        .lean<OrderDocument>();
      if (!o) continue;
      items.push({
        orderId: o._id,
        shop: o.shop,
        name: o.sourceName ?? null,
        status: o.status,
        deadlineAt: entry.deadlineAt,
        waitingFor: o.pending.map((p) => p.type),
        sweepAttempts: o.sweepAttempts,
      });
    }
    res.json({ items });
  });

  r.get('/admin/write-backs/refused', requireAdmin, async (req, res) => {
    const orders = await deps.model
      .find({ 'writeBacks.error': { $exists: true } }, { status: 1, writeBacks: 1, updatedAt: 1 })
      .sort({ updatedAt: -1 })
      .limit(limitOf(req.query))
      .lean<OrderDocument[]>();
    const items = orders.flatMap((o) =>
      o.writeBacks
        .filter((w) => w.error)
        .map((w) => ({ orderId: o._id, orderStatus: o.status, ...w, updatedAt: o.updatedAt })),
    );
    res.json({ items });
  });
}

function view(m: { receivedAt: Date; attempts?: number; lastError?: string }) {
  return { receivedAt: m.receivedAt, attempts: m.attempts ?? 0, lastError: m.lastError ?? null };
}
