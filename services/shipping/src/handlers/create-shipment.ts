import { type Payload, toMinorUnits } from '@commerce-sync/contracts';
import { type AppError, toAppError } from '@commerce-sync/errors';
import type { Logger } from '@commerce-sync/telemetry';
import type { Envelope, InboxMark, OutgoingMessage } from '@commerce-sync/messaging';
import type { CourierShipment } from '../adapters/easypost-mapping.ts';
import type { TrackingWatch } from '../adapters/tracking-watch.ts';
import { chooseRate, type RatePolicy } from '../domain/rate-policy.ts';
import { labelPurchased, shipmentFailed, trackingUpdated } from '../domain/shipment-events.ts';
import { newRecord, type ShipmentRecord } from '../domain/shipment-record.ts';
import { mergeSnapshot } from '../domain/tracking-progress.ts';
import { type CommitDeps, commit } from './commit.ts';
import { buyOnce, courierShipmentFor, type LabelDeps } from './label-steps.ts';
import { refundCancelledLabel, refundStillOwed } from './refund-cancelled-label.ts';

export interface CreateShipmentDeps extends LabelDeps, CommitDeps {
  policy: RatePolicy;
  allowlist: readonly string[];
  /** Parcels in flight, which the poller reads instead of scanning the shipments. */
  watch: Pick<TrackingWatch, 'watch'>;
  logger?: Logger;
}

/** What an order already settled answers to the same command again (the saga may re-send it). */
function settledAnswer(r: ShipmentRecord): OutgoingMessage[] {
  if (r.status === 'purchased' || r.status === 'cancel_refused') return [labelPurchased(r)];
  if (r.status === 'failed') return [shipmentFailed(r._id, r.failureReason ?? 'failed', r.failureCode)];
  return [
    {
      type: 'shipment.cancelled',
      payload: { orderId: r._id, shipmentId: r.easypostShipmentId, refundStatus: r.refundStatus },
    },
  ];
}

/**
 * A shipment cancelled before its label was recorded, while a buy of ours may have gone
 * through without its answer (a timeout: this command is being retried). Only the courier
 * knows; a label it holds is refunded. One read per redelivery of such a command.
 */
async function boughtBeforeCancel(deps: LabelDeps, r: ShipmentRecord): Promise<boolean> {
  if (r.status !== 'cancelled' || !r.easypostShipmentId || r.refundStatus) return false;
  return Boolean((await deps.courier.getShipment(r.easypostShipmentId)).label);
}

/** Writes the bought label, then announces it and the parcel's current tracking status. */
function purchased(s: CourierShipment, now: Date) {
  return (doc: ShipmentRecord): OutgoingMessage[] => {
    const label = s.label;
    if (!label) return [];
    Object.assign(doc, {
      carrier: label.carrier,
      service: label.service,
      rateMinor: toMinorUnits(label.rate, label.currency),
      currency: label.currency,
      trackingCode: label.trackingCode,
      trackerId: label.trackerId ?? doc.trackerId,
      trackingUrl: label.trackingUrl,
      labelUrl: label.labelUrl,
      trackingCheckedAt: now,
      updatedAt: now,
    });
    if (s.tracker) {
      const change = mergeSnapshot(doc, s.tracker);
      doc.history = change.history;
      if (change.advanced) doc.trackingStatus = change.advanced.status;
      doc.estimatedDeliveryAt ??= s.tracker.estimatedDeliveryAt;
    }
    if (doc.status === 'cancelled') return []; // cancelled while buying: the handler refunds it
    // Another delivery of the command recorded it first: answer again, announce tracking once.
    if (doc.status === 'purchased') return [labelPurchased(doc)];
    doc.status = 'purchased';
    const tracking = doc.trackingStatus === 'unknown' ? [] : [trackingUpdated(doc, 'poll', now)];
    return [labelPurchased(doc), ...tracking];
  };
}

/**
 * shipment.create: find or create the courier shipment, choose a rate by policy, buy the
 * label once, record it and announce it. Final courier rejections (bad address, no rate)
 * become shipment.failed; anything retryable goes back to the retry tiers.
 */
export function createShipment(deps: CreateShipmentDeps) {
  const now = () => deps.now?.() ?? new Date();
  return async (msg: Envelope<Payload<'shipment.create'>>) => {
    const { orderId } = msg.payload;
    const key = `shipment.create:${msg.messageId}`;
    const once = { key, causationId: msg.messageId };
    const record = await deps.shipments.model
      .findById(orderId)
      .lean<ShipmentRecord & { inbox?: InboxMark[] }>();
    // This handler runs without the messaging inbox (service.ts): a redelivery of a command
    // that already failed for good is absorbed here, by its key on the record, so it cannot
    // start the shipment over. Every other redelivery re-runs harmlessly: a settled record
    // answers through a keyed (no-op) write and re-checks its refund and watch entry; a
    // `created` one continues with the courier shipment it recorded.
    if (record?.status === 'failed' && record.inbox?.some((m) => m.key === key)) return;
    if (record && record.status !== 'created' && record.status !== 'failed') {
      if (refundStillOwed(record) || (await boughtBeforeCancel(deps, record)))
        await refundCancelledLabel(deps, orderId, record.easypostShipmentId as string);
      await commit(deps, orderId, { ...once, mutate: () => settledAnswer(record) });
      // A crash between the label's write and its watch entry left it unwatched: this re-run fixes it.
      if (record.status === 'purchased' && record.trackerId)
        await deps.watch.watch(orderId, record.trackerId, now());
      return;
    }
    let fail: AppError | undefined;
    try {
      let shipment = await courierShipmentFor(deps, msg, record?.status === 'created' ? record : null);
      if (!shipment.label) {
        const rate = chooseRate(shipment.quotes, deps.policy, deps.allowlist);
        if (!rate)
          return void (await failWith(
            deps,
            msg,
            'no rate matches RATE_POLICY and CARRIER_ALLOWLIST',
            'NO_RATE',
          ));
        shipment = await buyOnce(deps.courier, shipment.id, rate.id);
      }
      const { doc } = await commit(deps, orderId, { ...once, mutate: purchased(shipment, now()) });
      if (doc?.status === 'cancelled') await refundCancelledLabel(deps, orderId, shipment.id);
      else if (doc?.status === 'purchased' && doc.trackerId)
        await deps.watch.watch(orderId, doc.trackerId, now());
    } catch (err) {
      fail = toAppError(err, { api: 'easypost' });
      if (fail.retryable) throw fail;
    }
    if (fail) await failWith(deps, msg, fail.message, fail.providerCode ?? fail.code);
  };
}

async function failWith(
  deps: CreateShipmentDeps,
  msg: Envelope<Payload<'shipment.create'>>,
  reason: string,
  code: string,
) {
  const { orderId, reference } = msg.payload;
  const at = deps.now?.() ?? new Date();
  const key = `shipment.create:${msg.messageId}`;
  await commit(deps, orderId, {
    key,
    causationId: msg.messageId,
    create: () => newRecord(reference, 'failed', at),
    mutate: (doc) => {
      doc.status = 'failed';
      doc.failureReason = reason;
      doc.failureCode = code;
      doc.updatedAt = at;
      return [shipmentFailed(orderId, reason, code)];
    },
  });
}
