import { NotFound } from '@commerce-sync/errors';
import type { Request, Response } from 'express';
import type { ShipmentModel } from '../adapters/shipment-model.ts';
import type { TrackingWatch } from '../adapters/tracking-watch.ts';

/** GET /shipments/:orderId (admin): the shipment and its tracking history, without plumbing fields. */
export function getShipment(model: ShipmentModel) {
  return async (req: Request, res: Response) => {
    const orderId = String(req.params.orderId);
    const found = await model
      .findById(orderId, { outbox: 0, inbox: 0, outboxLeaseOwner: 0, outboxLeaseUntil: 0, outboxAt: 0 })
      .lean();
    if (!found) throw new NotFound(`no shipment for order ${orderId}`);
    const { _id, ...rest } = found;
    res.json({ orderId: _id, ...rest });
  };
}

/**
 * GET /admin/label-refunds (admin): cancelled shipments whose bought label could not be
 * refunded (`refundStatus` `failed`: still retried through the command's retry tiers and DLQ;
 * anything else: the courier refused, settle it in EasyPost's dashboard).
 */
export function failedLabelRefunds(model: ShipmentModel) {
  return async (_req: Request, res: Response) => {
    const found = await model
      .find(
        { refundError: { $type: 'string' } },
        { status: 1, easypostShipmentId: 1, refundStatus: 1, refundError: 1, updatedAt: 1 },
      )
      .sort({ updatedAt: -1 })
      .limit(100)
      .lean();
    res.json({ items: found.map(({ _id, ...rest }) => ({ orderId: _id, ...rest })) });
  };
}

/**
 * GET /admin/trackers (admin): parcels the tracking poller gave up on (its polls failed for
 * `TRACKING_GIVE_UP_MS`), with the last error and the shipment's tracking status now (a
 * webhook may have moved it since).
 */
export function givenUpTrackers(watch: Pick<TrackingWatch, 'givenUp'>, model: ShipmentModel) {
  return async (_req: Request, res: Response) => {
    const entries = await watch.givenUp();
    const items = [];
    for (const e of entries) {
      const s = await model.findById(e._id, { trackingStatus: 1, status: 1 }).lean();
      items.push({
        orderId: e._id,
        trackerId: e.trackerId,
        gaveUpAt: e.gaveUpAt,
        failingSince: e.failingSince,
        lastError: e.lastError,
        shipmentStatus: s?.status ?? null,
        trackingStatus: s?.trackingStatus ?? null,
      });
    }
    res.json({ items });
  };
}

/** POST /admin/trackers/:orderId/retry (admin): the poller asks again at its next run. */
export function retryTracker(watch: Pick<TrackingWatch, 'retry'>, now: () => Date = () => new Date()) {
  return async (req: Request, res: Response) => {
    const orderId = String(req.params.orderId);
    if (!(await watch.retry(orderId, now()))) throw new NotFound(`no given-up tracker for order ${orderId}`);
    res.status(202).json({ orderId, retry: 'queued for the next poll' });
  };
}
