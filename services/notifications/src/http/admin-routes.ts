import { ValidationFailed } from '@commerce-sync/errors';
import type { Router } from 'express';
import type { Model } from 'mongoose';
import { z } from 'zod';
import type { NotificationLogDoc } from '../adapters/notification-log.ts';
import { NOTIFICATION_STATUSES } from '../domain/notification-claim.ts';

const FIELDS =
  'orderId kind status attempts providerMessageId emailMessageId lastError createdAt updatedAt sentAt -_id';

export const FailuresQuery = z.object({
  status: z.enum(NOTIFICATION_STATUSES).default('failed'),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});

/**
 * The notification log for operators (mount behind admin auth): what was sent, skipped or
 * failed for an order, and the failures across orders. Recipient addresses are not stored.
 */
export function mountAdminRoutes(router: Router, log: Model<NotificationLogDoc>): void {
  router.get('/admin/orders/:orderId/notifications', async (req, res) => {
    const orderId = String(req.params.orderId);
    const notifications = await log.find({ orderId }).select(FIELDS).sort({ createdAt: 1 }).lean();
    res.json({ orderId, notifications });
  });

  router.get('/admin/notifications', async (req, res) => {
    const query = FailuresQuery.safeParse(req.query);
    if (!query.success) {
      throw new ValidationFailed(
        `status must be one of ${NOTIFICATION_STATUSES.join(', ')}, limit 1 to 500`,
        {
          fields: query.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message })),
        },
      );
    }
    const { status, limit } = query.data;
    const notifications = await log
      .find({ status })
      .select(FIELDS)
      .sort({ updatedAt: -1 })
      .limit(limit)
      .lean();
    res.json({ status, notifications });
  });
}
