import { NotFound } from '@commerce-sync/errors';
import type { Request, Response } from 'express';
import type { ShipmentModel } from '../adapters/shipment-model.ts';

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
