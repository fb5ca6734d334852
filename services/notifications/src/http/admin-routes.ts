import { ValidationFailed } from '@commerce-sync/errors';
import type { Router } from 'express';
import type { Model } from 'mongoose';
import type { NotificationLogDoc } from '../adapters/notification-log.ts';
import { NOTIFICATION_STATUSES } from '../domain/notification-claim.ts';

const FIELDS =
  'orderId kind status attempts providerMessageId emailMessageId lastError createdAt updatedAt sentAt -_id';

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
    const status = String(req.query.status ?? 'failed');
    if (!(NOTIFICATION_STATUSES as readonly string[]).includes(status)) {
      throw new ValidationFailed(`status must be one of ${NOTIFICATION_STATUSES.join(', ')}`, {
        fields: [{ field: 'status', message: 'unknown status' }],
      });
    }
    const limit = Math.min(Math.max(Number(req.query.limit) || 50, 1), 500);
    const notifications = await log
      .find({ status: status as NotificationLogDoc['status'] })
      .select(FIELDS)
      .sort({ updatedAt: -1 })
      .limit(limit)
      .lean();
    res.json({ status, notifications });
  });
}
