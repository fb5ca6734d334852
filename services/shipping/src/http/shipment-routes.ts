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
