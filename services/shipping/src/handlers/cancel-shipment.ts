import type { Payload } from '@commerce-sync/contracts';
import { toAppError } from '@commerce-sync/errors';
import type { Envelope, OutgoingMessage } from '@commerce-sync/messaging';
import type { Courier } from '../adapters/courier.ts';
import { newRecord, type ShipmentRecord } from '../domain/shipment-record.ts';
import { isScanned } from '../domain/tracking-progress.ts';
import { type CommitDeps, commit } from './commit.ts';
import { REFUND_REFUSED } from './refund-cancelled-label.ts';

export interface CancelShipmentDeps extends CommitDeps {
  courier: Courier;
  now?: () => Date;
}

const cancelled = (r: ShipmentRecord): OutgoingMessage => ({
  type: 'shipment.cancelled',
  payload: { orderId: r._id, shipmentId: r.easypostShipmentId, refundStatus: r.refundStatus },
});
const refused = (orderId: string, reason: string): OutgoingMessage => ({
  type: 'shipment.cancel_refused',
  payload: { orderId, reason },
});

/** Asks the courier for the refund; its answer, or undefined to stop here and retry later. */
async function requestRefund(courier: Courier, shipmentId: string): Promise<{ ok: boolean; detail: string }> {
  try {
    const { refundStatus } = await courier.refund(shipmentId);
    return REFUND_REFUSED.has(refundStatus)
      ? { ok: false, detail: `courier refused the refund (${refundStatus})` }
      : { ok: true, detail: refundStatus };
  } catch (err) {
    const e = toAppError(err, { api: 'easypost' });
    if (e.retryable) throw e;
    return { ok: false, detail: `courier refused the refund: ${e.message}` };
  }
}

/**
 * shipment.cancel: no label yet → cancelled (and a later create will not buy one); a label
 * not yet scanned → refunded → cancelled; a parcel already moving → cancel_refused.
 */
export function cancelShipment(deps: CancelShipmentDeps) {
  const now = () => deps.now?.() ?? new Date();
  return async (msg: Envelope<Payload<'shipment.cancel'>>) => {
    const { orderId } = msg.payload;
    const record = await deps.shipments.model.findById(orderId).lean<ShipmentRecord>();
    const labelled = record?.status === 'purchased' && record.easypostShipmentId;
    const scanned = labelled && isScanned(record.trackingStatus);
    const refund =
      labelled && !scanned
        ? await requestRefund(deps.courier, record.easypostShipmentId as string)
        : undefined;
    const key = `shipment.cancel:${msg.messageId}`;
    await commit(deps, orderId, {
      key,
      outboxKey: key,
      causationId: msg.messageId,
      create: () => newRecord(orderId, 'cancelled', now()),
      mutate: (doc) => {
        doc.updatedAt = now();
        if (doc.status === 'cancel_refused') return [refused(orderId, 'parcel already with the courier')];
        if (doc.status === 'cancelled') return [cancelled(doc)];
        if (doc.status !== 'purchased') {
          doc.status = 'cancelled';
          return [cancelled(doc)];
        }
        if (!refund?.ok) {
          doc.status = 'cancel_refused';
          return [refused(orderId, refund?.detail ?? `parcel already ${doc.trackingStatus}`)];
        }
        doc.status = 'cancelled';
        doc.refundStatus = refund.detail;
        return [cancelled(doc)];
      },
    });
  };
}
