import type { Payload } from '@commerce-sync/contracts';
import type { ShipmentRecord } from './shipment-record.ts';

type Out<T extends 'shipment.label_purchased' | 'tracking.updated' | 'shipment.failed'> = {
  type: T;
  payload: Payload<T>;
};

/** `shipment.label_purchased` from a purchased record. */
export function labelPurchased(r: ShipmentRecord): Out<'shipment.label_purchased'> {
  return {
    type: 'shipment.label_purchased',
    payload: {
      orderId: r._id,
      shipmentId: r.easypostShipmentId ?? '',
      carrier: r.carrier ?? 'unknown',
      service: r.service ?? 'unknown',
      rateMinor: r.rateMinor ?? 0,
      currency: r.currency ?? 'USD',
      trackingCode: r.trackingCode ?? '',
      trackingUrl: r.trackingUrl ?? '',
      labelUrl: r.labelUrl ?? '',
      ...(etaOf(r) ? { estimatedDeliveryAt: etaOf(r) } : {}),
    },
  };
}

/** The record's delivery estimate as an ISO timestamp, when it holds a valid one. */
function etaOf(r: ShipmentRecord): string | undefined {
  return r.estimatedDeliveryAt && !Number.isNaN(Date.parse(r.estimatedDeliveryAt))
    ? new Date(r.estimatedDeliveryAt).toISOString()
    : undefined;
}

/** `tracking.updated` for the record's current status, from its latest event of that status. */
export function trackingUpdated(
  r: ShipmentRecord,
  source: 'webhook' | 'poll',
  now: Date,
): Out<'tracking.updated'> {
  const latest = [...r.history].reverse().find((e) => e.status === r.trackingStatus);
  const at =
    latest?.at && !Number.isNaN(Date.parse(latest.at))
      ? new Date(latest.at).toISOString()
      : now.toISOString();
  const eta = etaOf(r);
  return {
    type: 'tracking.updated',
    payload: {
      orderId: r._id,
      trackingCode: r.trackingCode ?? '',
      status: r.trackingStatus,
      statusDetail: r.trackingStatusDetail,
      location: latest?.location,
      at,
      estimatedDeliveryAt: eta,
      source,
    },
  };
}

export function shipmentFailed(orderId: string, reason: string, code?: string): Out<'shipment.failed'> {
  return { type: 'shipment.failed', payload: { orderId, reason, code } };
}

/** Tracking is announced only once the saga knows the label exists. */
export function announcesTracking(r: Pick<ShipmentRecord, 'status'>): boolean {
  return r.status === 'purchased' || r.status === 'cancel_refused';
}
