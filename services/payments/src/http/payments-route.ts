import { NotFound } from '@commerce-sync/errors';
import type { RequestHandler } from 'express';
import type { Model } from 'mongoose';
import type { PaymentDoc } from '../adapters/payment-model.ts';
import { toPaymentView } from './payment-views.ts';

/** GET /payments/:orderId — the local record and its history (admin only; no card data is kept). */
export function getPaymentRoute(payments: Model<PaymentDoc>): RequestHandler {
  return async (req, res) => {
    const orderId = String(req.params.orderId);
    const p = await payments.findById(orderId).lean<PaymentDoc>().exec();
    if (!p) throw new NotFound(`no payment for order ${orderId}`);
    res.json(toPaymentView(p));
  };
}
