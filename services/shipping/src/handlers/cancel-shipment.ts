import type { Payload } from '@commerce-sync/contracts';
import { Conflict, toAppError } from '@commerce-sync/errors';
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

/** A label recorded after the cancel read the record: read it again and ask for the refund. */
class LabelledSinceRead extends Error {}

/**
 * shipment.cancel: no label yet → cancelled (and a later create will not buy one); a label
 * not yet scanned → refunded → cancelled; a parcel already moving → cancel_refused.
 * The refund is asked before the write, from the record as read. If the label was recorded
 * in between (a create finishing at the same moment, here or on another replica), the write
 * sees it and the cancel starts over from a fresh read instead of refusing a refundable label.
 */
export function cancelShipment(deps: CancelShipmentDeps) {
  const now = () => deps.now?.() ?? new Date();
  return async (msg: Envelope<Payload<'shipment.cancel'>>) => {
    for (let round = 1; round <= 3; round++) {
      try {
        return await cancelOnce(deps, msg, now);
      } catch (err) {
        if (!(err instanceof LabelledSinceRead)) throw err;
      }
    }
    throw new Conflict(`shipment of ${msg.payload.orderId} kept changing under the cancel`, {
      retryable: true,
    });
  };
}

async function cancelOnce(
  deps: CancelShipmentDeps,
  msg: Envelope<Payload<'shipment.cancel'>>,
  now: () => Date,
): Promise<void> {
  const { orderId } = msg.payload;
  const record = await deps.shipments.model.findById(orderId).lean<ShipmentRecord>();
  const labelled = record?.status === 'purchased' && record.easypostShipmentId;
  const scanned = labelled && isScanned(record.trackingStatus);
  const refund =
    labelled && !scanned ? await requestRefund(deps.courier, record.easypostShipmentId as string) : undefined;
  await commit(deps, orderId, {
    key: `shipment.cancel:${msg.messageId}`,
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
      if (!labelled) throw new LabelledSinceRead();
      if (!refund?.ok) {
        doc.status = 'cancel_refused';
        return [refused(orderId, refund?.detail ?? `parcel already ${doc.trackingStatus}`)];
      }
      doc.status = 'cancelled';
      doc.refundStatus = refund.detail;
      return [cancelled(doc)];
    },
  });
}
