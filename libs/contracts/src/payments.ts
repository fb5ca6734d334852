import { z } from 'zod';
import { Currency, MinorUnits, OrderId } from './common.ts';
import { command, event } from './define.ts';

const PaymentIntentId = z.string().min(1);

export const PaymentAuthorize = command(
  'payment.authorize',
  z.object({
    orderId: OrderId,
    amountMinor: MinorUnits,
    currency: Currency,
    /** Stripe PaymentMethod id from the order's note_attributes, e.g. `pm_card_visa`. */
    paymentMethod: z.string().min(1),
    customer: z.string().optional(),
    description: z.string().max(500).optional(),
  }),
  'orders → payments: create and confirm a manual-capture PaymentIntent.',
);

export const PaymentAuthorized = event(
  'payment.authorized',
  z.object({
    orderId: OrderId,
    paymentIntentId: PaymentIntentId,
    amountMinor: MinorUnits,
    currency: Currency,
  }),
  'payments: the card is authorised; funds are held until capture or void.',
);

export const PaymentFailed = event(
  'payment.failed',
  z.object({
    orderId: OrderId,
    paymentIntentId: PaymentIntentId.optional(),
    /** `card_declined`, `insufficient_funds`, `action_required`, `expired_card`, … */
    reason: z.string(),
    declineCode: z.string().optional(),
    message: z.string().max(500).optional(),
  }),
  'payments: authorisation failed for good; the order cannot be paid.',
);

export const PaymentCapture = command(
  'payment.capture',
  z.object({ orderId: OrderId, amountMinor: MinorUnits.optional() }),
  'orders → payments: capture the held amount (or a smaller amount_to_capture).',
);

export const PaymentCaptured = event(
  'payment.captured',
  z.object({
    orderId: OrderId,
    paymentIntentId: PaymentIntentId,
    amountMinor: MinorUnits,
    currency: Currency,
  }),
  'payments: the money is taken.',
);

export const PaymentCaptureFailed = event(
  'payment.capture_failed',
  z.object({ orderId: OrderId, paymentIntentId: PaymentIntentId.optional(), reason: z.string() }),
  'payments: capture was refused or the authorisation expired.',
);

export const PaymentVoid = command(
  'payment.void',
  z.object({ orderId: OrderId, reason: z.string().optional() }),
  'orders → payments: cancel an uncaptured PaymentIntent (compensation).',
);

export const PaymentVoided = event(
  'payment.voided',
  z.object({ orderId: OrderId, paymentIntentId: PaymentIntentId.optional() }),
  'payments: the hold is released; nothing was charged.',
);

export const PaymentRefund = command(
  'payment.refund',
  z.object({ orderId: OrderId, amountMinor: MinorUnits.optional(), reason: z.string().optional() }),
  'orders → payments: refund a captured payment, in full or in part.',
);

export const PaymentRefunded = event(
  'payment.refunded',
  z.object({
    orderId: OrderId,
    paymentIntentId: PaymentIntentId,
    refundId: z.string(),
    amountMinor: MinorUnits,
    currency: Currency,
  }),
  'payments: money went back to the customer.',
);
