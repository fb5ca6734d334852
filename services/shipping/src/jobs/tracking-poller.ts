import type { Logger } from '@commerce-sync/telemetry';
import type { Courier } from '../adapters/courier.ts';
import type { ShipmentModel } from '../adapters/shipment-model.ts';
import { FINAL_TRACKING, type TrackingWatch } from '../adapters/tracking-watch.ts';
import type { ShipmentRecord } from '../domain/shipment-record.ts';
import type { TrackingRecorder } from '../handlers/tracking-recorder.ts';

export interface PollerDeps {
  model: ShipmentModel;
  watch: TrackingWatch;
  courier: Courier;
  recorder: TrackingRecorder;
  logger: Logger;
  /** A tracker silent for this long is asked directly (a webhook may have been lost). */
  silenceMs: number;
  batchSize?: number;
}

type Live = Pick<ShipmentRecord, '_id' | 'status' | 'trackingStatus' | 'trackerId' | 'trackingCheckedAt'>;

const isLive = (s: Live | null): s is Live =>
  Boolean(s?.trackerId) &&
  (s?.status === 'purchased' || s?.status === 'cancel_refused') &&
  !FINAL_TRACKING.includes(s.trackingStatus);

/**
 * One poll: the due entries of the in-flight watch, each shipment read by `_id`. One that is
 * over (delivered, cancelled…) leaves the watch; one the courier spoke about recently is
 * deferred to the end of its silence; the others are fetched and recorded like a webhook
 * would be. A failure on one tracker does not stop the others.
 */
export async function pollSilentTrackers(
  deps: PollerDeps,
  now: Date,
): Promise<{ polled: number; failed: number }> {
  const due = await deps.watch.due(now, deps.batchSize ?? 50);
  let polled = 0;
  let failed = 0;
  for (const entry of due) {
    try {
      const s = await deps.model
        .findById(entry._id, { status: 1, trackingStatus: 1, trackerId: 1, trackingCheckedAt: 1 })
        .lean<Live>();
      if (!isLive(s)) {
        await deps.watch.forget(entry._id);
        continue;
      }
      const quietUntil = (s.trackingCheckedAt?.getTime() ?? 0) + deps.silenceMs;
      if (quietUntil > now.getTime()) {
        await deps.watch.defer(entry._id, new Date(quietUntil));
        continue;
      }
      polled += 1;
      const snap = await deps.courier.getTracker(s.trackerId as string);
      await deps.recorder.record(s._id, snap, 'poll');
      if (FINAL_TRACKING.includes(snap.status)) await deps.watch.forget(entry._id);
      else await deps.watch.defer(entry._id, new Date(now.getTime() + deps.silenceMs));
    } catch (err) {
      failed += 1;
      deps.logger.warn({ err, orderId: entry._id }, 'tracker poll failed');
      // Next time after a silence, so a few broken trackers never hold the batch's head.
      await deps.watch.defer(entry._id, new Date(now.getTime() + deps.silenceMs)).catch(() => {});
    }
  }
  return { polled, failed };
}
