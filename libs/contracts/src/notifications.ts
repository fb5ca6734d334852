import { z } from 'zod';
import { OrderId } from './common.ts';
import { event } from './define.ts';

export const NOTIFICATION_KINDS = [
  'order_confirmed',
  'shipped',
  'out_for_delivery',
  'delivered',
  'delivery_problem',
  'cancelled',
] as const;
export const NotificationKind = z.enum(NOTIFICATION_KINDS);
export type NotificationKind = z.infer<typeof NotificationKind>;

export const NotificationSent = event(
  'notification.sent',
  z.object({ orderId: OrderId, kind: NotificationKind, providerMessageId: z.string().optional() }),
  'notifications: the customer was emailed once for this step.',
);

export const NotificationFailed = event(
  'notification.failed',
  z.object({ orderId: OrderId, kind: NotificationKind, reason: z.string(), permanent: z.boolean() }),
  'notifications: an email could not be delivered (permanent: bad address; else it is retried).',
);
