import type { Logger } from '@commerce-sync/telemetry';
import type { Request, Response } from 'express';
import type { Courier } from '../adapters/courier.ts';
import type { ShipmentRefs } from '../adapters/shipment-refs.ts';
import { toSnapshot } from '../adapters/easypost-mapping.ts';
import type { TrackingRecorder } from '../handlers/tracking-recorder.ts';

interface EasyPostEvent {
  id?: unknown;
  description?: unknown;
  result?: { shipment_id?: unknown };
}

/**
 * POST /webhooks/easypost: verify `X-Hmac-Signature` over the raw bytes (401 otherwise),
 * then record the tracker update in one write keyed by the event id (a redelivery is a
 * no-op) and answer; the outbox relay announces it afterwards.
 */
export function easypostWebhook(deps: {
  courier: Courier;
  recorder: TrackingRecorder;
  refs: Pick<ShipmentRefs, 'orderIdOf'>;
  logger: Logger;
}) {
  const log = deps.logger.child({ module: 'easypost-webhook' });
  return async (req: Request, res: Response) => {
    const raw = (req as Request & { rawBody?: Buffer }).rawBody ?? Buffer.from('');
    const event = deps.courier.verifyWebhook(raw, req.headers) as EasyPostEvent;
    const eventId = typeof event.id === 'string' ? event.id : undefined;
    const snap = event.description === 'tracker.updated' ? toSnapshot(event.result) : undefined;
    if (!eventId || !snap) {
      res.status(200).json({ received: true, ignored: 'not a tracker.updated event' });
      return;
    }
    const shipmentId = typeof event.result?.shipment_id === 'string' ? event.result.shipment_id : undefined;
    const orderId = await deps.refs.orderIdOf({
      shipmentId,
      trackerId: snap.trackerId,
      trackingCode: snap.trackingCode,
    });
    if (!orderId) {
      log.info({ eventId }, 'tracker of no known shipment; ignored');
      res.status(200).json({ received: true, ignored: 'unknown shipment' });
      return;
    }
    const { applied } = await deps.recorder.record(orderId, snap, 'webhook', `easypost-event:${eventId}`);
    res.status(200).json({ received: true, duplicate: !applied });
  };
}
